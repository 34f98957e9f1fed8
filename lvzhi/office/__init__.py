"""Office files (.docx, .xlsx): what the product writes and the checks on what it reads."""
