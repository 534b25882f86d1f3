"""The Excel round trip: a declared schema per record family, a template, an importer and an exporter."""
