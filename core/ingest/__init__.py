"""What comes in from outside the committed tables: uploads, teachers' stories, geocoding, borders."""
