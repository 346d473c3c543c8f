"""The review queue: held comments, their Lua scripts, moderators' decisions, the audit log, moderators and their sign-in."""
