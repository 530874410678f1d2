"""The privacy centre at /privacy/: a person exercises every right from a web page, in
Polish or English, through the same service functions as the API (issue 22)."""
