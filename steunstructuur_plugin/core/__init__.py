"""Pure logic, no GUI imports: one package per stage of the data flow.

:mod:`.read` (registrations, validation, pseudonymisation, the import report) ->
:mod:`.place` (areas, locating records) -> :mod:`.count` (unique persons per area) ->
:mod:`.protect` (disclosure control and its audit) -> :mod:`.publish` (the sealed output
GeoPackage).  :mod:`.config` is the analysis configuration every stage reads, and
:mod:`.pipeline` the one entry point that the dock, Processing, the demo and the tests
call.
"""
