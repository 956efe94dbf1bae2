"""Performance dialogues (dialog kinerja): meetings of a supervisor with one subordinate or a
team, the record of the conversation and the actions agreed in it."""
