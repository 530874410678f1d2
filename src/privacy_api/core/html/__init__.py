"""Server-rendered pages: the shared layout, its stylesheet, and the reader's language."""
