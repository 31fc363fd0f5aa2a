"""Work across articles: stories, publication dates of undated articles, one person
across articles, event groups, and the union-find behind them."""
