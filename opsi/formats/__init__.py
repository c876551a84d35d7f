"""The site's date formats in each language (FORMAT_MODULE_PATH), for templates that say
`date:"DATE_FORMAT"` rather than a pattern: "4 December 2026", "4 décembre 2026",
"4 de diciembre de 2026", "4. Dezember 2026". Everything else is Django's own formats
for the language (decimal separator, first day of the week...)."""
