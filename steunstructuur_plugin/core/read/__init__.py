"""Reading and validating registrations.

In: a registrations source (CSV, Excel, any OGR table, PostGIS) and the configuration's
``source`` section.  Out: records in memory only (row number, pseudonym, category and
location columns, dates), keys pseudonymised on read (:mod:`.pseudonymise`), and an
import report that names row, column and reason of every rejected row, never a value
(:mod:`.registrations`).  :mod:`.mapping` guesses the ``source`` section from a file's
column names for the dock's mapping dialog.
"""
