"""privacy-api: the privacy back end of onetagger.com."""

__version__ = "0.1.0"
