"""Placing records in areas.

In: records with a buurtcode, x/y or postcode + huisnummer, and the buurt polygon layer.
Out: the area table (buurt -> wijk -> gemeente, denominators, geometries:
:mod:`.areas`) and each record's buurt (:mod:`.locate`: codes checked, coordinates
reprojected and placed by a vectorised point in polygon, :mod:`.pip`; postcodes through
CBS's postcode + huisnummer table), with the rows that fall outside reported.
"""
