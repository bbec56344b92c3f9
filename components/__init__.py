"""The only code that calls streamlit besides the pages: state, cached data, map panel, legend, timeline."""
