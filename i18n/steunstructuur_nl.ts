<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>Steunstructuur</name>
    <message>
        <source>Steunstructuur panel</source>
        <translation>Steunstructuur-paneel</translation>
    </message>
    <message>
        <source>&amp;Steunstructuur</source>
        <translation>&amp;Steunstructuur</translation>
    </message>
    <message>
        <source>Steunstructuur needs the Python package(s) {names}. Install: {hints}</source>
        <translation>Steunstructuur heeft de Python-pakket(ten) {names} nodig. Installeer: {hints}</translation>
    </message>
    <message>
        <source>Steunstructuur: aggregating registrations</source>
        <translation>Steunstructuur: registraties aggregeren</translation>
    </message>
    <message>
        <source>Steunstructuur</source>
        <translation>Steunstructuur</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation>Registraties</translation>
    </message>
    <message>
        <source>Buurt layer</source>
        <translation>Buurtenlaag</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuratie</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Uitvoer</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Uitvoeren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Indicatoren</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Verslag</translation>
    </message>
    <message>
        <source>Choose registrations, buurt layer, configuration and output first</source>
        <translation>Kies eerst registraties, buurtenlaag, configuratie en uitvoer</translation>
    </message>
    <message>
        <source>Aggregation failed</source>
        <translation>Aggregeren mislukt</translation>
    </message>
    <message>
        <source>Aggregation finished: {n} rows counted</source>
        <translation>Aggregeren klaar: {n} regels geteld</translation>
    </message>
    <message>
        <source>{name} ({pub} of {all} buurten published)</source>
        <translation>{name} ({pub} van {all} buurten gepubliceerd)</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legenda</translation>
    </message>
    <message>
        <source>Areas with fewer than {n} persons are not shown</source>
        <translation>Buurten met minder dan {n} personen zijn niet getoond</translation>
    </message>
    <message>
        <source>Steunstructuur: sociaal-domein registrations per buurt, disclosure-controlled</source>
        <translation>Steunstructuur: sociaal-domeinregistraties per buurt, met geheimhouding</translation>
    </message>
    <message>
        <source>Aggregate registrations to buurten</source>
        <translation>Registraties naar buurten aggregeren</translation>
    </message>
    <message>
        <source>Counts unique persons per buurt, wijk and gemeente for every indicator of the configuration, suppresses small counts (primary and secondary suppression, checked by a disclosure audit) and writes a GeoPackage with the layers buurt, wijk, gemeente and a metadata table. Person keys are pseudonymised while reading; no row-level data is written.</source>
        <translation>Telt unieke personen per buurt, wijk en gemeente voor elke indicator uit de configuratie, onderdrukt kleine aantallen (primaire en secundaire onderdrukking, gecontroleerd door een onthullingsaudit) en schrijft een GeoPackage met de lagen buurt, wijk, gemeente en een metadatatabel. Persoonssleutels worden bij het inlezen gepseudonimiseerd; er worden geen gegevens op regelniveau weggeschreven.</translation>
    </message>
    <message>
        <source>Registrations (CSV or Excel)</source>
        <translation>Registraties (CSV of Excel)</translation>
    </message>
    <message>
        <source>Buurt polygons</source>
        <translation>Buurtpolygonen</translation>
    </message>
    <message>
        <source>Configuration (JSON)</source>
        <translation>Configuratie (JSON)</translation>
    </message>
    <message>
        <source>Output GeoPackage</source>
        <translation>GeoPackage voor uitvoer</translation>
    </message>
    <message>
        <source>suppressed: fewer than {n}</source>
        <translation>onderdrukt: minder dan {n}</translation>
    </message>
    <message>
        <source>Export map…</source>
        <translation>Kaart exporteren…</translation>
    </message>
    <message>
        <source>Export the selected indicator as an A4 map (PDF, PNG or SVG)</source>
        <translation>De gekozen indicator als A4-kaart exporteren (PDF, PNG of SVG)</translation>
    </message>
    <message>
        <source>Export map</source>
        <translation>Kaart exporteren</translation>
    </message>
    <message>
        <source>No Steunstructuur layer in the project</source>
        <translation>Geen Steunstructuur-laag in het project</translation>
    </message>
    <message>
        <source>Map exported to {path}</source>
        <translation>Kaart geëxporteerd naar {path}</translation>
    </message>
    <message>
        <source>{name}, per 1,000 inhabitants, per buurt</source>
        <translation>{name}, per 1.000 inwoners, per buurt</translation>
    </message>
    <message>
        <source>Source: gemeente {g} registrations; CBS, Kadaster/PDOK</source>
        <translation>Bron: gemeente {g} registraties; CBS, Kadaster/PDOK</translation>
    </message>
</context>
</TS>
