"""Questions in plain words answered from the articles: what is asked, the sentences that answer it, the short answer."""
