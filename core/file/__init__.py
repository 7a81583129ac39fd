"""The file: the SQLite store, its lock and migrations, writing files safely, the JSON format, the data folder."""
