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
    <message>
        <source>Field mapping…</source>
        <translation>Velden koppelen…</translation>
    </message>
    <message>
        <source>Map the columns of the registrations file and save a configuration</source>
        <translation>De kolommen van het registratiebestand koppelen en een configuratie opslaan</translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation>Configuratie opslaan</translation>
    </message>
    <message>
        <source>Choose the registrations file first</source>
        <translation>Kies eerst het registratiebestand</translation>
    </message>
    <message>
        <source>Configuration saved to {path}</source>
        <translation>Configuratie opgeslagen in {path}</translation>
    </message>
    <message>
        <source>Steunstructuur: field mapping</source>
        <translation>Steunstructuur: velden koppelen</translation>
    </message>
    <message>
        <source>Person key (BSN, client number)</source>
        <translation>Persoonssleutel (BSN, cliëntnummer)</translation>
    </message>
    <message>
        <source>Household key</source>
        <translation>Huishoudsleutel</translation>
    </message>
    <message>
        <source>Category (voorziening)</source>
        <translation>Categorie (voorziening)</translation>
    </message>
    <message>
        <source>Location by</source>
        <translation>Locatie via</translation>
    </message>
    <message>
        <source>Buurtcode</source>
        <translation>Buurtcode</translation>
    </message>
    <message>
        <source>X / longitude</source>
        <translation>X / lengtegraad</translation>
    </message>
    <message>
        <source>Y / latitude</source>
        <translation>Y / breedtegraad</translation>
    </message>
    <message>
        <source>Coordinate system</source>
        <translation>Coördinatenstelsel</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>House number</source>
        <translation>Huisnummer</translation>
    </message>
    <message>
        <source>Postcode table (CBS pc6hnr)</source>
        <translation>Postcodetabel (CBS pc6hnr)</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Startdatum</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Einddatum</translation>
    </message>
    <message>
        <source>Reference date (peildatum)</source>
        <translation>Peildatum</translation>
    </message>
    <message>
        <source>Overlaps</source>
        <translation>Overlappen</translation>
    </message>
    <message>
        <source>Minimum count</source>
        <translation>Minimumaantal</translation>
    </message>
    <message>
        <source>field mapping</source>
        <translation>velden koppelen</translation>
    </message>
    <message>
        <source>Indicators: one per line, 'name = category, category'</source>
        <translation>Indicatoren: één per regel, 'naam = categorie, categorie'</translation>
    </message>
    <message>
        <source>indicators, line {n}: write 'name = category, category'</source>
        <translation>indicatoren, regel {n}: schrijf 'naam = categorie, categorie'</translation>
    </message>
    <message>
        <source>overlaps: write 'a x b; c x d'</source>
        <translation>overlappen: schrijf 'a x b; c x d'</translation>
    </message>
    <message>
        <source>Disclosure audit</source>
        <translation>Onthullingscontrole</translation>
    </message>
    <message>
        <source>Check that no suppressed count can be derived from what the layer publishes</source>
        <translation>Controleer dat geen onderdrukt aantal is af te leiden uit wat de laag publiceert</translation>
    </message>
    <message>
        <source>Disclosure audit passed: {n} suppressed cells checked</source>
        <translation>Onthullingscontrole geslaagd: {n} onderdrukte cellen gecontroleerd</translation>
    </message>
    <message>
        <source>Disclosure audit FAILED for {n} cells: do not publish this layer</source>
        <translation>Onthullingscontrole MISLUKT voor {n} cellen: publiceer deze laag niet</translation>
    </message>
    <message>
        <source>Disclosure audit of a Steunstructuur GeoPackage</source>
        <translation>Onthullingscontrole van een Steunstructuur-GeoPackage</translation>
    </message>
    <message>
        <source>Computes, by linear programming over everything the GeoPackage publishes (buurt, wijk and gemeente counts, overlaps and stacking counts), the smallest and largest value an attacker can derive for every suppressed cell. A cell fails when its value can be recomputed exactly or narrowed to a range inside 1 to the threshold minus 1. Run it before you give a file to a partner.</source>
        <translation>Berekent met lineair programmeren over alles wat de GeoPackage publiceert (aantallen per buurt, wijk en gemeente, overlappen en stapeling) de kleinste en grootste waarde die een aanvaller voor elke onderdrukte cel kan afleiden. Een cel faalt als haar waarde precies te herberekenen is of te versmallen tot een bereik binnen 1 tot de drempel min 1. Voer dit uit voordat u een bestand aan een partner geeft.</translation>
    </message>
    <message>
        <source>Steunstructuur GeoPackage</source>
        <translation>Steunstructuur-GeoPackage</translation>
    </message>
    <message>
        <source>Audit report</source>
        <translation>Controlerapport</translation>
    </message>
    <message>
        <source>Audit passed</source>
        <translation>Controle geslaagd</translation>
    </message>
    <message>
        <source>Suppressed cells checked</source>
        <translation>Gecontroleerde onderdrukte cellen</translation>
    </message>
    <message>
        <source>Cells that fail</source>
        <translation>Cellen die falen</translation>
    </message>
    <message>
        <source>Quantile</source>
        <translation>Kwantielen</translation>
    </message>
    <message>
        <source>Equal interval</source>
        <translation>Gelijke intervallen</translation>
    </message>
    <message>
        <source>Natural breaks (Jenks)</source>
        <translation>Natuurlijke grenzen (Jenks)</translation>
    </message>
    <message>
        <source>Pretty breaks</source>
        <translation>Ronde grenzen</translation>
    </message>
    <message>
        <source>per 1,000 inhabitants</source>
        <translation>per 1.000 inwoners</translation>
    </message>
    <message>
        <source>number of persons</source>
        <translation>aantal personen</translation>
    </message>
    <message>
        <source>Counts from 1 up to this number minus one are never published</source>
        <translation>Aantallen van 1 tot dit getal worden nooit gepubliceerd</translation>
    </message>
    <message>
        <source>Map style</source>
        <translation>Kaartstijl</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Toon</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classificatie</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>Kleurenschema</translation>
    </message>
    <message>
        <source>Bivariate map</source>
        <translation>Bivariate kaart</translation>
    </message>
    <message>
        <source>Indicator 1 (→)</source>
        <translation>Indicator 1 (→)</translation>
    </message>
    <message>
        <source>Indicator 2 (↑)</source>
        <translation>Indicator 2 (↑)</translation>
    </message>
    <message>
        <source>blauw-oranje stays readable with every common colour-vision deficiency</source>
        <translation>blauw-oranje blijft leesbaar bij elke veelvoorkomende kleurenblindheid</translation>
    </message>
    <message>
        <source>Show bivariate map</source>
        <translation>Toon bivariate kaart</translation>
    </message>
    <message>
        <source>project</source>
        <translation>project</translation>
    </message>
    <message>
        <source>Steunstructuur bivariate</source>
        <translation>Steunstructuur bivariaat</translation>
    </message>
    <message>
        <source>Steunstructuur bivariate: {x} × {y}</source>
        <translation>Steunstructuur bivariaat: {x} × {y}</translation>
    </message>
    <message>
        <source>stacking: 2 or more indicators</source>
        <translation>stapeling: 2 of meer indicatoren</translation>
    </message>
    <message>
        <source>stacking: 3 or more indicators</source>
        <translation>stapeling: 3 of meer indicatoren</translation>
    </message>
    <message>
        <source>low</source>
        <translation>laag</translation>
    </message>
    <message>
        <source>lower middle</source>
        <translation>midden-laag</translation>
    </message>
    <message>
        <source>upper middle</source>
        <translation>midden-hoog</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoog</translation>
    </message>
    <message>
        <source>middle</source>
        <translation>midden</translation>
    </message>
    <message>
        <source>Choose two different indicators for a bivariate map</source>
        <translation>Kies twee verschillende indicatoren voor een bivariate kaart</translation>
    </message>
</context>
</TS>
