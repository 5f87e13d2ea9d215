"""Templates of nomination documents, one folder per set; `build_templates` writes the Decree 98/2023 set."""
