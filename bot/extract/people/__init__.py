"""People in one text: names, roles and titles, organisations, coreference."""
