"""Speech in one text: direct quotes, reported speech, their cues and speakers."""
