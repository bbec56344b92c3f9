"""Copy Leaflet and the basemap GeoJSON into static/ so Streamlit serves them locally."""

from core.render.assets import install_static

if __name__ == "__main__":
    print(f"static files ready in {install_static()}")
