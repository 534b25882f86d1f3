"""The Streamlit portal and the `scm-portal` command line."""
