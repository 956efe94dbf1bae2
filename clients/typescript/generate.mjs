// Generates generated/schema.d.ts from the committed openapi/openapi.json with
// openapi-typescript; binary bodies (`format: binary`) become Blob, as the docs recommend.
import fs from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());
const source = new URL("../../openapi/openapi.json", import.meta.url);
const ast = await openapiTS(source, {
  transform(schemaObject, metadata) {
    if (schemaObject.format === "binary") {
      return schemaObject.nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
    }
    return undefined;
  },
});
fs.mkdirSync(new URL("./generated/", import.meta.url), { recursive: true });
fs.writeFileSync(new URL("./generated/schema.d.ts", import.meta.url), astToString(ast));
