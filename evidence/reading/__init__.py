"""Reading uploaded documents (issue 11 §2–4): extraction with positions, Thai text handling, finding the
passage that supports a declared fact, and suggesting the criteria items a document supports.

Pure library modules: no database, no Streamlit. `extract` runs the parsers in a child process with a
time and memory limit; the rest is plain functions over `Passage` objects.
"""
