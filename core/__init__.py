"""Pure Python core of Territory Atlas: data, control model, map builders. Never imports streamlit."""
