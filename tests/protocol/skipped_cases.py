"""Every botocore protocol test vector we skip, with the reason. Keyed by "<file>::<case description>"."""

INPUT: dict[str, str] = {
}

OUTPUT: dict[str, str] = {
}
