"""Evidence: tables, database access, services, importers and the evidence file store."""
