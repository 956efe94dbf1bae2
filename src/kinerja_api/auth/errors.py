"""The auth domain's named errors: sign-in, tokens, sessions, accounts.

Each class carries its stable ``code``, its HTTP status and its messages in Indonesian and
English (translators work here); raising one is ``raise InvalidCredentials()``.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden, RateLimited, Unauthorized


class AccountLocked(RateLimited):
    code = "account_locked"
    default_detail: Mapping[str, str] = {
        "id": "Terlalu banyak percobaan gagal. Akun dikunci sementara; "
        "coba lagi dalam {retry_after} detik.",
        "en": "Too many failed attempts. The account is locked; try again in {retry_after} "
        "seconds.",
    }


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    default_detail: Mapping[str, str] = {
        "id": "Nama pengguna atau kata sandi salah.",
        "en": "Incorrect username or password.",
    }


class InvalidRefreshToken(Unauthorized):
    code = "invalid_refresh_token"
    default_detail: Mapping[str, str] = {
        "id": "Refresh token tidak valid atau sudah tidak berlaku. Silakan masuk kembali.",
        "en": "The refresh token is invalid or no longer valid. Please sign in again.",
    }


class RefreshTokenReused(Unauthorized):
    """Presenting a rotated refresh token again: the sign-in is revoked (and that is kept)."""

    code = "refresh_token_reused"
    default_detail: Mapping[str, str] = {
        "id": "Refresh token sudah pernah dipakai. Demi keamanan sesi ini diakhiri.",
        "en": "This refresh token was already used. The sign-in has been ended for safety.",
    }


class InvalidToken(Unauthorized):
    code = "invalid_token"
    default_detail: Mapping[str, str] = {
        "id": "Token akses tidak valid atau sudah tidak berlaku. Silakan masuk kembali.",
        "en": "The access token is invalid or no longer valid. Please sign in again.",
    }


class SessionRevoked(InvalidToken):
    code = "session_revoked"


class AccountInactive(Unauthorized):
    code = "account_inactive"
    default_detail: Mapping[str, str] = {
        "id": "Akun ini tidak aktif.",
        "en": "This account is deactivated.",
    }


class PasswordChangeRequired(Forbidden):
    code = "password_change_required"
    default_detail: Mapping[str, str] = {
        "id": "Anda harus mengganti kata sandi sebelum melanjutkan.",
        "en": "You must change your password before continuing.",
    }


class AccountExists(Conflict):
    code = "account_exists"
    default_detail: Mapping[str, str] = {
        "id": "Nama pengguna atau email sudah dipakai.",
        "en": "The username or email is already taken.",
    }


class ServiceAccountNoPassword(Forbidden):
    code = "service_account_no_password"
    default_detail: Mapping[str, str] = {
        "id": "Akun layanan tidak memakai kata sandi; admin memutar rahasianya.",
        "en": "Service accounts have no password; an admin rotates their secret.",
    }
