"""Read helpers shared by the commands and the digests."""
