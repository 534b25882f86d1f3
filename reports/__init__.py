"""Word documents in Thai government style: scored readiness reports and assessor evidence packs.

Builders take result objects (an `Assessment`, evidence gathered by `evidence.services.report_data`)
and return bytes; `reports.jobs` ties them to the services for the portal page and the CLI.
"""
