"""The floor page for page benchmarks: Streamlit with nothing on it."""

import streamlit as st

st.write("")
