# TEMPORARY LOCAL STUB (not committed)
def normalize(text: str) -> str:
    return " ".join(text.lower().split())
