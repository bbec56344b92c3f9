"""The lesson editor's parts (pages/lessons.py): the draft, the chapter form, its map, checks, files and saving."""
