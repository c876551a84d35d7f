"""Insights: the seed's figures as live statistics of any search, the world map, and the
about pages.

`figures` counts the charts from the search's facet bitmaps (`innovations.catalogue`), `worldmap`
draws the choropleth from committed Natural Earth shapes (`build_map` made them once),
`views` serves the page, each chart's CSV and the about pages.
"""
