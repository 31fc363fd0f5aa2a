"""Where articles come from. The folder corpus (``bot.ingest.files``) is one source; feeds and pasted article
links (this package) are others. Every source hands the indexer ``Article`` values (``bot.indexer.index_articles``
for these, ``index_corpus`` for the folder), and the index keeps each article's source and text, so an article
from the web needs no folder: ``stored.read_again`` reads any article back for re-extraction."""
