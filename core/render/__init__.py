"""What a user sees: symbols, legends, folium maps and the in-map player, images, exports."""
