"""Open data: the codebook, exports of any search, the data package and the importers.

`codebook` is the one description of the exported columns (from the models' verbose
names and help texts, the vocabularies and the registered case parts); the exports, the
Table Schema and the codebook page all read it. `mapping` holds the tables that map the
peers' data sets onto ours; `readers` turns their rows into cases; `importer` writes
them through the services and reports every row it rejects or changes.
"""
