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
        <source>A documented disclosure rule; it sets the minimum count, whether zeros are published and the rounding</source>
        <translation>Een gedocumenteerde geheimhoudingsregel; die bepaalt het minimumaantal, of nullen gepubliceerd worden en de afronding</translation>
    </message>
    <message>
        <source>Disclosure rule</source>
        <translation>Geheimhoudingsregel</translation>
    </message>
    <message>
        <source>as in the configuration</source>
        <translation>zoals in de configuratie</translation>
    </message>
    <message>
        <source>Standard: 1 to 4 hidden, zeros published</source>
        <translation>Standaard: 1 tot en met 4 verborgen, nullen gepubliceerd</translation>
    </message>
    <message>
        <source>CBS jeugdzorg and Wmo: 0 to 7 hidden, rounded to 5</source>
        <translation>CBS jeugdzorg en Wmo: 0 tot en met 7 verborgen, afgerond op 5</translation>
    </message>
    <message>
        <source>Filter indicators (name or theme)</source>
        <translation>Indicatoren filteren (naam of thema)</translation>
    </message>
    <message>
        <source>theme: {theme}</source>
        <translation>thema: {theme}</translation>
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
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Kaarten</translation>
    </message>
    <message>
        <source>Help (README)</source>
        <translation>Handleiding (README)</translation>
    </message>
    <message>
        <source>About Steunstructuur</source>
        <translation>Over Steunstructuur</translation>
    </message>
    <message>
        <source>Licence: GPL-2.0-or-later (see LICENSE).</source>
        <translation>Licentie: GPL-2.0-or-later (zie LICENSE).</translation>
    </message>
    <message>
        <source>Help: {path}</source>
        <translation>Handleiding: {path}</translation>
    </message>
    <message>
        <source>yyyy-mm-dd; empty: every registration counts</source>
        <translation>jjjj-mm-dd; leeg: elke registratie telt</translation>
    </message>
    <message>
        <source>Title of the maps</source>
        <translation>Titel van de kaarten</translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation>Gemeente</translation>
    </message>
    <message>
        <source>e.g. Uden</source>
        <translation>bijv. Uden</translation>
    </message>
    <message>
        <source>Buurtcode field</source>
        <translation>Veld buurtcode</translation>
    </message>
    <message>
        <source>Inhabitants field (empty: counts only, no rates)</source>
        <translation>Veld inwoners (leeg: alleen aantallen, geen cijfers per 1.000)</translation>
    </message>
    <message>
        <source>Maps and buurt layer</source>
        <translation>Kaarten en buurtlaag</translation>
    </message>
    <message>
        <source>{file}, row {row}, column '{column}': {reason}</source>
        <translation>{file}, rij {row}, kolom '{column}': {reason}</translation>
    </message>
    <message>
        <source>{file}: {n} of {read} rows ({share} %) were rejected as {reason}; {cause}</source>
        <translation>{file}: {n} van {read} rijen ({share} %) zijn afgewezen als {reason}; {cause}</translation>
    </message>
    <message>
        <source>{file}: categories of the configuration that occur in no row: {categories} (misspelled, or not in this export?)</source>
        <translation>{file}: categorieën van de configuratie die in geen enkele rij voorkomen: {categories} (verkeerd gespeld, of niet in deze export?)</translation>
    </message>
    <message>
        <source>{file}: {read} rows read, {counted} counted, {rejected} rejected, {duplicates} duplicates</source>
        <translation>{file}: {read} rijen gelezen, {counted} geteld, {rejected} afgewezen, {duplicates} dubbel</translation>
    </message>
    <message>
        <source>{n} lines have bytes that are not UTF-8 like the rest of the file; they were read as cp1252 (Windows): lines {lines}</source>
        <translation>{n} regels hebben bytes die geen UTF-8 zijn, anders dan de rest van het bestand; ze zijn gelezen als cp1252 (Windows): regels {lines}</translation>
    </message>
    <message>
        <source>values that match no indicator: {values}</source>
        <translation>waarden die bij geen indicator horen: {values}</translation>
    </message>
    <message>
        <source>WARNING: {text}</source>
        <translation>WAARSCHUWING: {text}</translation>
    </message>
    <message>
        <source>disclosure audit passed: {n} suppressed cells checked</source>
        <translation>onthullingscontrole geslaagd: {n} onderdrukte cellen gecontroleerd</translation>
    </message>
    <message>
        <source>{n} cell(s)</source>
        <translation>{n} cel(len)</translation>
    </message>
    <message>
        <source>{n} problem(s) with the file</source>
        <translation>{n} probleem/problemen met het bestand</translation>
    </message>
    <message>
        <source>disclosure audit FAILED for {what}: {n} suppressed cells checked</source>
        <translation>onthullingscontrole MISLUKT voor {what}: {n} onderdrukte cellen gecontroleerd</translation>
    </message>
    <message>
        <source>row has a different number of fields than the header</source>
        <translation>de rij heeft een ander aantal velden dan de kopregel</translation>
    </message>
    <message>
        <source>row holds a NUL byte (a damaged file, or a binary file saved as text)</source>
        <translation>de rij bevat een NUL-byte (een beschadigd bestand, of een binair bestand opgeslagen als tekst)</translation>
    </message>
    <message>
        <source>person (or household) key is empty</source>
        <translation>de persoons- (of huishoud)sleutel is leeg</translation>
    </message>
    <message>
        <source>person (or household) key is a placeholder (onbekend, 0, 000000000, -, ...)</source>
        <translation>de persoons- (of huishoud)sleutel is een opvulwaarde (onbekend, 0, 000000000, -, ...)</translation>
    </message>
    <message>
        <source>person (or household) key is in scientific notation (1.23457E+08): the spreadsheet dropped digits; export the column as text</source>
        <translation>de persoons- (of huishoud)sleutel staat in wetenschappelijke notatie (1.23457E+08): het rekenblad heeft cijfers weggelaten; exporteer de kolom als tekst</translation>
    </message>
    <message>
        <source>category is not part of any indicator</source>
        <translation>de categorie hoort bij geen enkele indicator</translation>
    </message>
    <message>
        <source>no category column is set to yes</source>
        <translation>geen enkele categoriekolom staat op ja</translation>
    </message>
    <message>
        <source>date cannot be read</source>
        <translation>de datum is niet te lezen</translation>
    </message>
    <message>
        <source>registration not active on the reference date</source>
        <translation>de registratie loopt niet op de peildatum</translation>
    </message>
    <message>
        <source>location cannot be read</source>
        <translation>de locatie is niet te lezen</translation>
    </message>
    <message>
        <source>location lies outside the area layer</source>
        <translation>de locatie ligt buiten de buurtlaag</translation>
    </message>
    <message>
        <source>postcode + huisnummer not in the lookup table</source>
        <translation>postcode + huisnummer staan niet in de opzoektabel</translation>
    </message>
    <message>
        <source>the rows do not have the header's fields: check the delimiter (source.delimiter)</source>
        <translation>de rijen hebben niet de velden van de kopregel: controleer het scheidingsteken (source.delimiter)</translation>
    </message>
    <message>
        <source>the file is damaged, or it is not a text file</source>
        <translation>het bestand is beschadigd, of het is geen tekstbestand</translation>
    </message>
    <message>
        <source>check which column holds the BSN or client number (source.person_key)</source>
        <translation>controleer welke kolom het BSN of clientnummer bevat (source.person_key)</translation>
    </message>
    <message>
        <source>the keys were saved as numbers in scientific notation: export that column as text</source>
        <translation>de sleutels zijn opgeslagen als getallen in wetenschappelijke notatie: exporteer die kolom als tekst</translation>
    </message>
    <message>
        <source>the category values match no indicator: check the category column and the categories of the indicators (the report lists the values that matched none)</source>
        <translation>de categoriewaarden horen bij geen indicator: controleer de categoriekolom en de categorieën van de indicatoren (het verslag noemt de waarden die nergens bij horen)</translation>
    </message>
    <message>
        <source>no category column says yes: check the wide columns (source.wide_columns)</source>
        <translation>geen enkele categoriekolom zegt ja: controleer de brede kolommen (source.wide_columns)</translation>
    </message>
    <message>
        <source>check the date columns (source.start_date, source.end_date) and their format</source>
        <translation>controleer de datumkolommen (source.start_date, source.end_date) en hun notatie</translation>
    </message>
    <message>
        <source>few registrations are active on the reference date: check the peildatum and the date columns</source>
        <translation>weinig registraties lopen op de peildatum: controleer de peildatum en de datumkolommen</translation>
    </message>
    <message>
        <source>check the location columns of the mapping</source>
        <translation>controleer de locatiekolommen van de veldkoppeling</translation>
    </message>
    <message>
        <source>the locations lie outside the area layer: the area layer of another gemeente, or x/y in another coordinate system than source.crs (RD New is EPSG:28992)</source>
        <translation>de locaties liggen buiten de buurtlaag: de buurtlaag van een andere gemeente, of x/y in een ander coördinatenstelsel dan source.crs (RD New is EPSG:28992)</translation>
    </message>
    <message>
        <source>the postcode table does not hold these addresses: check the postcode table and the huisnummer column</source>
        <translation>de postcodetabel bevat deze adressen niet: controleer de postcodetabel en de kolom huisnummer</translation>
    </message>
    <message>
        <source>Replace output?</source>
        <translation>Uitvoer vervangen?</translation>
    </message>
    <message>
        <source>{path} exists (an earlier run?). Replace it with the figures of this run? Its layer in the project is replaced too.</source>
        <translation>{path} bestaat al (een eerdere run?). Vervangen door de cijfers van deze run? De laag ervan in het project wordt ook vervangen.</translation>
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
        <source>Aggregation finished: {n} rows counted, but: {warning}</source>
        <translation>Aggregeren klaar: {n} regels geteld, maar: {warning}</translation>
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
        <source>Some values are not shown (privacy)</source>
        <translation>Sommige waarden zijn niet getoond (privacy)</translation>
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
        <source>not shown (privacy)</source>
        <translation>niet getoond (privacy)</translation>
    </message>
    <message>
        <source>not shown (privacy, or no rate)</source>
        <translation>niet getoond (privacy, of geen cijfer)</translation>
    </message>
    <message>
        <source>no rate: no or too few inhabitants</source>
        <translation>geen cijfer: geen of te weinig inwoners</translation>
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
        <source>Disclosure audit FAILED: {problem}; do not publish this layer</source>
        <translation>Onthullingscontrole MISLUKT: {problem}; publiceer deze laag niet</translation>
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
        <source>Computes, by linear programming over everything the GeoPackage publishes (buurt, wijk and gemeente counts, overlaps and stacking counts), the smallest and largest value an attacker can derive for every suppressed cell. A cell fails when its value can be recomputed exactly or narrowed to a range inside 1 to the threshold minus 1. Run it before you give a file to a partner.

Cells are first shown safe by a few linear programs over all cells at once (a table the attacker cannot rule out where the cell is at or above the threshold, and one where it differs); only the others get their own exact minimum and maximum. Tick &apos;Exact range of every cell&apos; to solve the exact range of every suppressed cell and list them all in the report (slower: about a minute for all of the Netherlands).</source>
        <translation>Berekent met lineair programmeren over alles wat de GeoPackage publiceert (aantallen per buurt, wijk en gemeente, overlappen en stapeling) de kleinste en grootste waarde die een aanvaller voor elke onderdrukte cel kan afleiden. Een cel faalt als haar waarde precies te herberekenen is of te versmallen tot een bereik binnen 1 tot de drempel min 1. Voer dit uit voordat u een bestand aan een partner geeft.

Eerst worden cellen met een paar lineaire programma&apos;s over alle cellen tegelijk veilig bevonden (een tabel die de aanvaller niet kan uitsluiten waarin de cel op of boven de drempel ligt, en een waarin ze anders is); alleen de overige krijgen elk hun eigen exacte minimum en maximum. Vink &apos;Exact bereik van elke cel&apos; aan om het exacte bereik van elke onderdrukte cel te berekenen en ze allemaal in het rapport te zetten (trager: ongeveer een minuut voor heel Nederland).</translation>
    </message>
    <message>
        <source>Exact range of every cell (slower; listed in the report)</source>
        <translation>Exact bereik van elke cel (trager; staat in het rapport)</translation>
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
    <message>
        <source>Add CBS buurten of Losser</source>
        <translation>CBS-buurten Losser toevoegen</translation>
    </message>
    <message>
        <source>CBS Wijk- en buurtkaart, buurten of gemeente Losser, with 2024 inhabitants</source>
        <translation>CBS Wijk- en buurtkaart, buurten van gemeente Losser, met inwoners 2024</translation>
    </message>
    <message>
        <source>CBS buurten Losser</source>
        <translation>CBS-buurten Losser</translation>
    </message>
    <message>
        <source>{path}: cannot be opened</source>
        <translation>{path}: kan niet worden geopend</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <source>Page size</source>
        <translation>Papierformaat</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Oriëntatie</translation>
    </message>
    <message>
        <source>Resolution (dpi)</source>
        <translation>Resolutie (dpi)</translation>
    </message>
    <message>
        <source>Export the selected map (or the bivariate layer when it is active) as PDF, PNG or SVG; the layout is added to the project</source>
        <translation>Exporteer de gekozen kaart (of de bivariate laag als die actief is) als PDF, PNG of SVG; de opmaak wordt aan het project toegevoegd</translation>
    </message>
    <message>
        <source>Export all maps…</source>
        <translation>Alle kaarten exporteren…</translation>
    </message>
    <message>
        <source>Every indicator, stacking map and the bivariate pair: one multi-page PDF, or one PNG/SVG per map</source>
        <translation>Elke indicator, stapelingskaart en het bivariate paar: één PDF met meerdere pagina's, of één PNG/SVG per kaart</translation>
    </message>
    <message>
        <source>Atlas per wijk…</source>
        <translation>Atlas per wijk…</translation>
    </message>
    <message>
        <source>One PDF page per wijk for the selected map</source>
        <translation>Eén PDF-pagina per wijk voor de gekozen kaart</translation>
    </message>
    <message>
        <source>Export data for partners…</source>
        <translation>Cijfers voor partners exporteren…</translation>
    </message>
    <message>
        <source>The published figures only: GeoPackage with styles, CSV or Excel</source>
        <translation>Alleen de gepubliceerde cijfers: GeoPackage met stijlen, CSV of Excel</translation>
    </message>
    <message>
        <source>Export all maps</source>
        <translation>Alle kaarten exporteren</translation>
    </message>
    <message>
        <source>Atlas per wijk</source>
        <translation>Atlas per wijk</translation>
    </message>
    <message>
        <source>Export data for partners</source>
        <translation>Cijfers voor partners exporteren</translation>
    </message>
    <message>
        <source>Maps exported: {path}</source>
        <translation>Kaarten geëxporteerd: {path}</translation>
    </message>
    <message>
        <source>Atlas exported to {path}</source>
        <translation>Atlas geëxporteerd naar {path}</translation>
    </message>
    <message>
        <source>Data exported: {path}</source>
        <translation>Cijfers geëxporteerd: {path}</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Liggend</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Staand</translation>
    </message>
    <message>
        <source>households</source>
        <translation>huishoudens</translation>
    </message>
    <message>
        <source>persons</source>
        <translation>personen</translation>
    </message>
    <message>
        <source>{x} and {y} together, per buurt</source>
        <translation>{x} en {y} samen, per buurt</translation>
    </message>
    <message>
        <source>wijk</source>
        <translation>wijk</translation>
    </message>
    <message>
        <source>{path}: not a Steunstructuur GeoPackage; export refused</source>
        <translation>{path}: geen Steunstructuur-GeoPackage; export geweigerd</translation>
    </message>
    <message>
        <source>{layer}: cannot be drawn by the plugin ({error}); export refused</source>
        <translation>{layer}: de plugin kan deze laag niet tekenen ({error}); export geweigerd</translation>
    </message>
    <message>
        <source>{layer}: has unsaved edits; export refused</source>
        <translation>{layer}: heeft niet-opgeslagen bewerkingen; export geweigerd</translation>
    </message>
    <message>
        <source>{path}: {problem}; export refused</source>
        <translation>{path}: {problem}; export geweigerd</translation>
    </message>
    <message>
        <source>{path}: fails the disclosure audit for {n} cells; export refused</source>
        <translation>{path}: onthullingscontrole faalt voor {n} cellen; export geweigerd</translation>
    </message>
    <message>
        <source>{name}, {unit} per 1,000 inhabitants, per buurt</source>
        <translation>{name}, {unit} per 1.000 inwoners, per buurt</translation>
    </message>
    <message>
        <source>{name}, number of {unit}, per buurt</source>
        <translation>{name}, aantal {unit}, per buurt</translation>
    </message>
    <message>
        <source>reference date {date}</source>
        <translation>peildatum {date}</translation>
    </message>
    <message>
        <source>{path}: choose a .pdf, .png or .svg file</source>
        <translation>{path}: kies een .pdf-, .png- of .svg-bestand</translation>
    </message>
    <message>
        <source>{layer}: no map '{name}'</source>
        <translation>{layer}: geen kaart '{name}'</translation>
    </message>
    <message>
        <source>{path}: an atlas is written as one PDF</source>
        <translation>{path}: een atlas wordt als één PDF geschreven</translation>
    </message>
    <message>
        <source>{path}: no wijk layer</source>
        <translation>{path}: geen wijklaag</translation>
    </message>
    <message>
        <source>{path}: cannot be audited ({error}); export refused</source>
        <translation>{path}: kan niet worden gecontroleerd ({error}); export geweigerd</translation>
    </message>
    <message>
        <source>Source: gemeente {g} registrations {date}; CBS, Kadaster/PDOK</source>
        <translation>Bron: gemeente {g} registraties {date}; CBS, Kadaster/PDOK</translation>
    </message>
    <message>
        <source>{path}: {n} of {total} pages written</source>
        <translation>{path}: {n} van {total} pagina's geschreven</translation>
    </message>
    <message>
        <source>Excel export needs the Python package openpyxl in QGIS's Python (Debian: apt install python3-openpyxl; OSGeo4W shell: pip install openpyxl)</source>
        <translation>Excel-export heeft het Python-pakket openpyxl nodig in de Python van QGIS (Debian: apt install python3-openpyxl; OSGeo4W-shell: pip install openpyxl)</translation>
    </message>
    <message>
        <source>{path}: choose a .gpkg, .csv or .xlsx file</source>
        <translation>{path}: kies een .gpkg-, .csv- of .xlsx-bestand</translation>
    </message>
    <message>
        <source>{path}: choose another file than the source</source>
        <translation>{path}: kies een ander bestand dan de bron</translation>
    </message>
    <message>
        <source>Steunstructuur: {name} per 1,000 inhabitants</source>
        <translation>Steunstructuur: {name} per 1.000 inwoners</translation>
    </message>
    <message>
        <source>Export maps of a Steunstructuur GeoPackage</source>
        <translation>Kaarten van een Steunstructuur-GeoPackage exporteren</translation>
    </message>
    <message>
        <source>Exports print layouts (title, subtitle, map, legend, scale bar, north arrow, source line and the disclosure note) as PDF, PNG or SVG. MAPS: indicator or stacking maps separated by commas (empty: all). PAIRS: bivariate maps as x:y separated by commas, e.g. armoede:jeugd (empty: the configured overlap pairs). With a .pdf output all maps go into one multi-page PDF unless 'one file per map' is set; PNG and SVG always give one file per map. ATLAS: one page per wijk for the first map. Refuses a file that fails the disclosure audit.</source>
        <translation>Exporteert afdrukopmaken (titel, ondertitel, kaart, legenda, schaalbalk, noordpijl, bronregel en de onthullingsnoot) als PDF, PNG of SVG. KAARTEN: indicator- of stapelingskaarten gescheiden door komma's (leeg: alle). PAREN: bivariate kaarten als x:y gescheiden door komma's, bijv. armoede:jeugd (leeg: de geconfigureerde overlapparen). Bij een .pdf komen alle kaarten in één PDF met meerdere pagina's, tenzij 'één bestand per kaart' aan staat; PNG en SVG geven altijd één bestand per kaart. ATLAS: één pagina per wijk voor de eerste kaart. Weigert een bestand dat de onthullingscontrole niet doorstaat.</translation>
    </message>
    <message>
        <source>Export the safe tables of a Steunstructuur GeoPackage</source>
        <translation>De veilige tabellen van een Steunstructuur-GeoPackage exporteren</translation>
    </message>
    <message>
        <source>Writes the published buurt, wijk and gemeente figures with their status columns and the metadata: GeoPackage (with the map styles stored inside), CSV (one file per level, semicolon, decimal comma) or Excel. Only what passed the disclosure audit: a file that fails is refused.</source>
        <translation>Schrijft de gepubliceerde buurt-, wijk- en gemeentecijfers met hun statuskolommen en de metadata: GeoPackage (met de kaartstijlen erin), CSV (één bestand per niveau, puntkomma, decimale komma) of Excel. Alleen wat de onthullingscontrole doorstaat: een bestand dat faalt wordt geweigerd.</translation>
    </message>
    <message>
        <source>Maps (comma separated; empty: all)</source>
        <translation>Kaarten (gescheiden door komma's; leeg: alle)</translation>
    </message>
    <message>
        <source>Bivariate pairs (x:y, comma separated)</source>
        <translation>Bivariate paren (x:y, gescheiden door komma's)</translation>
    </message>
    <message>
        <source>Atlas: one page per wijk</source>
        <translation>Atlas: één pagina per wijk</translation>
    </message>
    <message>
        <source>One file per map</source>
        <translation>Eén bestand per kaart</translation>
    </message>
    <message>
        <source>Files written (separated by ;)</source>
        <translation>Geschreven bestanden (gescheiden door ;)</translation>
    </message>
    <message>
        <source>Maps written (pages or files)</source>
        <translation>Geschreven kaarten (pagina's of bestanden)</translation>
    </message>
    <message>
        <source>Bivariate pair '{p}': write it as x:y</source>
        <translation>Bivariaat paar '{p}': schrijf het als x:y</translation>
    </message>
    <message>
        <source>{name} per 1,000 inhabitants</source>
        <translation>{name} per 1.000 inwoners</translation>
    </message>
    <message>
        <source>{name}: number of {unit}</source>
        <translation>{name}: aantal {unit}</translation>
    </message>
    <message>
        <source>Steunstructuur: reading the categories of the registrations</source>
        <translation>Steunstructuur: categorieën van de registraties lezen</translation>
    </message>
    <message>
        <source>Reading the columns and categories of {path}…</source>
        <translation>Kolommen en categorieën van {path} lezen…</translation>
    </message>
    <message>
        <source>The registrations file could not be read</source>
        <translation>Het registratiebestand kon niet worden gelezen</translation>
    </message>
    <message>
        <source>aggregating</source>
        <translation>tellen</translation>
    </message>
    <message>
        <source>disclosure control and audit</source>
        <translation>onthullingsbeveiliging en controle</translation>
    </message>
    <message>
        <source>done</source>
        <translation>klaar</translation>
    </message>
    <message>
        <source>reading registrations</source>
        <translation>registraties lezen</translation>
    </message>
    <message>
        <source>validating and pseudonymising</source>
        <translation>controleren en pseudonimiseren</translation>
    </message>
    <message>
        <source>locating registrations in buurten</source>
        <translation>registraties in buurten plaatsen</translation>
    </message>
    <message>
        <source>writing GeoPackage</source>
        <translation>GeoPackage schrijven</translation>
    </message>
    <message>
        <source>cells suppressed in the file: {n}</source>
        <translation>onderdrukte cellen in het bestand: {n}</translation>
    </message>
    <message>
        <source>read, validated and located {n} rows</source>
        <translation>{n} rijen gelezen, gecontroleerd en geplaatst</translation>
    </message>
    <message>
        <source>threshold: counts 1..{top} are never published or derivable</source>
        <translation>drempel: aantallen 1..{top} worden nooit gepubliceerd of afleidbaar</translation>
    </message>
    <message>
        <source>FILE {problem}</source>
        <translation>BESTAND {problem}</translation>
    </message>
    <message>
        <source>cells hidden: {hidden} of {total} (primary {primary}, inherited {inherited}, secondary {secondary})</source>
        <translation>cellen verborgen: {hidden} van {total} (primair {primary}, afgeleid {inherited}, secundair {secondary})</translation>
    </message>
    <message>
        <source>per level: {levels}</source>
        <translation>per niveau: {levels}</translation>
    </message>
    <message>
        <source>units hidden in buurt cells: {n}</source>
        <translation>eenheden in verborgen buurtcellen: {n}</translation>
    </message>
    <message>
        <source>FAIL {level} {code} {field}: attacker range {low}..{high}</source>
        <translation>MISLUKT {level} {code} {field}: bereik voor een aanvaller {low}..{high}</translation>
    </message>
    <message>
        <source>ok   {level} {code} {field}: attacker range {low}..{high}</source>
        <translation>ok   {level} {code} {field}: bereik voor een aanvaller {low}..{high}</translation>
    </message>
    <message>
        <source>ok   {level} {code} {field}: attacker range at least {low}..{high}</source>
        <translation>ok   {level} {code} {field}: bereik voor een aanvaller minstens {low}..{high}</translation>
    </message>
    <message>
        <source>{level}: column '{column}' is not one the configuration explains</source>
        <translation>{level}: kolom '{column}' volgt niet uit de configuratie</translation>
    </message>
    <message>
        <source>{level}: column '{column}' of the configuration is missing</source>
        <translation>{level}: kolom '{column}' van de configuratie ontbreekt</translation>
    </message>
    <message>
        <source>'{field}' holds something other than a number</source>
        <translation>'{field}' bevat iets anders dan een getal</translation>
    </message>
    <message>
        <source>'{field}' is not a whole number of at least 0</source>
        <translation>'{field}' is geen geheel getal van minstens 0</translation>
    </message>
    <message>
        <source>'{field}' disagrees with '{status}'</source>
        <translation>'{field}' klopt niet met '{status}'</translation>
    </message>
    <message>
        <source>'{field}' disagrees with the count and denominator</source>
        <translation>'{field}' klopt niet met het aantal en de noemer</translation>
    </message>
    <message>
        <source>'{field}' is filled in where no rate is published</source>
        <translation>'{field}' is ingevuld waar geen cijfer per 1.000 wordt gepubliceerd</translation>
    </message>
    <message>
        <source>'{field}' is missing where a rate is published</source>
        <translation>'{field}' ontbreekt waar een cijfer per 1.000 wordt gepubliceerd</translation>
    </message>
    <message>
        <source>'{rate}' does not follow from '{count}' and '{denominator}'</source>
        <translation>'{rate}' volgt niet uit '{count}' en '{denominator}'</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> en nog {n}</translation>
    </message>
    <message>
        <source>{level}: {what} in {areas}{more}</source>
        <translation>{level}: {what} in {areas}{more}</translation>
    </message>
    <message>
        <source>'{field}' is not a multiple of the rounding base</source>
        <translation>'{field}' is geen veelvoud van de afrondingsbasis</translation>
    </message>
    <message>
        <source>'{field}' is published as a rounded count of 1 to {top}</source>
        <translation>'{field}' is gepubliceerd als afgerond aantal van 1 tot en met {top}</translation>
    </message>
    <message>
        <source>'{field}' is published as a count of 1 to {top}</source>
        <translation>'{field}' is gepubliceerd als aantal van 1 tot en met {top}</translation>
    </message>
    <message>
        <source>the earlier output {what}: the two cannot be protected together</source>
        <translation>de eerdere uitvoer {what}: de twee kunnen niet samen beveiligd worden</translation>
    </message>
    <message>
        <source>is rounded</source>
        <translation>is afgerond</translation>
    </message>
    <message>
        <source>publishes zeros and this one hides them, or the other way round</source>
        <translation>publiceert nullen en deze verbergt ze, of andersom</translation>
    </message>
    <message>
        <source>counts '{field}', which this configuration does not</source>
        <translation>telt '{field}', wat deze configuratie niet telt</translation>
    </message>
    <message>
        <source>published other counts for {level} '{field}' (another population, peildatum or definition)</source>
        <translation>publiceerde andere aantallen voor {level} '{field}' (een andere populatie, peildatum of definitie)</translation>
    </message>
    <message>
        <source>the disclosure control's search for tables stopped on its time limit {n} times, not on its fixed number of steps: another run of the same data on a faster or idle computer may hide other cells, and two such files together tell more than one; publish one of them only</source>
        <translation>de zoektocht van de onthullingsbeveiliging stopte {n} keer op zijn tijdslimiet, niet op zijn vaste aantal stappen: een andere run van dezelfde gegevens op een snellere of minder belaste computer kan andere cellen verbergen, en twee zulke bestanden samen vertellen meer dan één; publiceer er maar één</translation>
    </message>
    <message>
        <source>Steunstructuur: disclosure audit</source>
        <translation>Steunstructuur: onthullingscontrole</translation>
    </message>
    <message>
        <source>A disclosure audit is already running</source>
        <translation>Er loopt al een onthullingscontrole</translation>
    </message>
    <message>
        <source>Disclosure audit of {path}…</source>
        <translation>Onthullingscontrole van {path}…</translation>
    </message>
    <message>
        <source>The disclosure audit failed</source>
        <translation>De onthullingscontrole is mislukt</translation>
    </message>
    <message>
        <source>Categories: the indicator and theme each belongs to (an empty indicator: not counted)</source>
        <translation>Categorieën: de indicator en het thema waar elk bij hoort (lege indicator: niet geteld)</translation>
    </message>
    <message>
        <source>Filter (category, indicator or theme)</source>
        <translation>Filter (categorie, indicator of thema)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categorie</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Add category</source>
        <translation>Categorie toevoegen</translation>
    </message>
    <message>
        <source>Expressions</source>
        <translation>Expressies</translation>
    </message>
    <message>
        <source>expressions</source>
        <translation>expressies</translation>
    </message>
    <message>
        <source>indicators, themes, off, or a list of indicators separated by commas</source>
        <translation>indicators, themes, off, of een lijst van indicatoren gescheiden door komma's</translation>
    </message>
    <message>
        <source>Stacking over</source>
        <translation>Stapeling over</translation>
    </message>
    <message>
        <source>not found in this file</source>
        <translation>niet gevonden in dit bestand</translation>
    </message>
    <message>
        <source>categories, row {n}: a theme needs an indicator</source>
        <translation>categorieën, rij {n}: een thema vraagt een indicator</translation>
    </message>
    <message>
        <source>categories, row {n}: the category is empty</source>
        <translation>categorieën, rij {n}: de categorie is leeg</translation>
    </message>
    <message>
        <source>categories, row {n}: indicator '{ind}' is in theme '{a}' in row {row} and in theme '{b}' here</source>
        <translation>categorieën, rij {n}: indicator '{ind}' staat in rij {row} in thema '{a}' en hier in thema '{b}'</translation>
    </message>
    <message>
        <source>{what}, line {n}: write 'name = ...'</source>
        <translation>{what}, regel {n}: schrijf 'naam = ...'</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Kolommen</translation>
    </message>
    <message>
        <source>Indicators and themes</source>
        <translation>Indicatoren en thema's</translation>
    </message>
    <message>
        <source>other maps</source>
        <translation>overige kaarten</translation>
    </message>
    <message>
        <source>configuration</source>
        <translation>configuratie</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>een tekst</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>een geheel getal</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>een getal</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true of false</translation>
    </message>
    <message>
        <source>must be 'persons' or 'households'</source>
        <translation>moet 'persons' of 'households' zijn</translation>
    </message>
    <message>
        <source>is required when unit is 'households'</source>
        <translation>is verplicht als unit 'households' is</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>is verplicht</translation>
    </message>
    <message>
        <source>give a category column or wide_columns</source>
        <translation>geef een categoriekolom of wide_columns</translation>
    </message>
    <message>
        <source>define at least one indicator</source>
        <translation>definieer minstens één indicator</translation>
    </message>
    <message>
        <source>must be at least 2 (1 would hide nothing)</source>
        <translation>moet minstens 2 zijn (1 zou niets verbergen)</translation>
    </message>
    <message>
        <source>must be 0 or more</source>
        <translation>moet 0 of meer zijn</translation>
    </message>
    <message>
        <source>must be 0 (no rounding) or a base of 2 or more, e.g. 5</source>
        <translation>moet 0 (niet afronden) of een basis van 2 of meer zijn, bijv. 5</translation>
    </message>
    <message>
        <source>{origin}: '{where}' must be {expected}</source>
        <translation>{origin}: '{where}' moet {expected} zijn</translation>
    </message>
    <message>
        <source>names are lower case letters, digits and _ (max 31), not and/or/not</source>
        <translation>namen bestaan uit kleine letters, cijfers en _ (hoogstens 31) en zijn niet and/or/not (of en/of/niet)</translation>
    </message>
    <message>
        <source>must be a non-empty list of category names</source>
        <translation>moet een niet-lege lijst van categorienamen zijn</translation>
    </message>
    <message>
        <source>has the name of an indicator</source>
        <translation>heeft de naam van een indicator</translation>
    </message>
    <message>
        <source>must be a non-empty list of indicators</source>
        <translation>moet een niet-lege lijst van indicatoren zijn</translation>
    </message>
    <message>
        <source>has the name of an indicator or theme</source>
        <translation>heeft de naam van een indicator of thema</translation>
    </message>
    <message>
        <source>must be a text such as "a AND NOT b"</source>
        <translation>moet een tekst zijn zoals "a AND NOT b"</translation>
    </message>
    <message>
        <source>counts persons in none of its terms; start from an indicator (e.g. 'a AND NOT b')</source>
        <translation>telt personen die in geen van de termen zitten; begin bij een indicator (bijv. 'a AND NOT b')</translation>
    </message>
    <message>
        <source>can never count anyone (e.g. 'a AND NOT a'; a theme holds its own indicators)</source>
        <translation>kan nooit iemand tellen (bijv. 'a AND NOT a'; een thema bevat zijn eigen indicatoren)</translation>
    </message>
    <message>
        <source>is not an indicator</source>
        <translation>is geen indicator</translation>
    </message>
    <message>
        <source>names an indicator twice</source>
        <translation>noemt een indicator twee keer</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>een lijst</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>een object</translation>
    </message>
    <message>
        <source>must be one of {values}</source>
        <translation>moet een van {values} zijn</translation>
    </message>
    <message>
        <source>must be a date written as YYYY-MM-DD</source>
        <translation>moet een datum zijn, geschreven als JJJJ-MM-DD</translation>
    </message>
    <message>
        <source>at most {n} indicators per analysis</source>
        <translation>hoogstens {n} indicatoren per analyse</translation>
    </message>
    <message>
        <source>unknown key (use 'indicators' and 'publish')</source>
        <translation>onbekende sleutel (gebruik 'indicators' en 'publish')</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>moet true of false zijn</translation>
    </message>
    <message>
        <source>'themes' needs themes</source>
        <translation>'themes' vraagt thema's</translation>
    </message>
    <message>
        <source>unknown preset; choose one of {values}</source>
        <translation>onbekende voorinstelling; kies een van {values}</translation>
    </message>
    <message>
        <source>{origin}: the top level must be a JSON object</source>
        <translation>{origin}: het hoogste niveau moet een JSON-object zijn</translation>
    </message>
    <message>
        <source>a list of {n}</source>
        <translation>een lijst van {n}</translation>
    </message>
    <message>
        <source>is required for location '{location}'</source>
        <translation>is verplicht voor locatie '{location}'</translation>
    </message>
    <message>
        <source>the pair {a} x {b} is given twice</source>
        <translation>het paar {a} x {b} staat er twee keer in</translation>
    </message>
    <message>
        <source>{pair} must name two different indicators</source>
        <translation>{pair} moet twee verschillende indicatoren noemen</translation>
    </message>
    <message>
        <source>{a} and {b} never hold the same person</source>
        <translation>{a} en {b} bevatten nooit dezelfde persoon</translation>
    </message>
    <message>
        <source>must be one of {values} or a list of indicators</source>
        <translation>moet een van {values} zijn, of een lijst van indicatoren</translation>
    </message>
    <message>
        <source>{origin}: unknown key '{key}'</source>
        <translation>{origin}: onbekende sleutel '{key}'</translation>
    </message>
    <message>
        <source>{origin}: line {line}, column {column}: {error}</source>
        <translation>{origin}: regel {line}, kolom {column}: {error}</translation>
    </message>
    <message>
        <source>{path}: cannot read: {error}</source>
        <translation>{path}: kan niet worden gelezen: {error}</translation>
    </message>
    <message>
        <source>its output column '{column}' is also written for '{other}'; choose another name</source>
        <translation>de uitvoerkolom '{column}' ervan wordt ook geschreven voor '{other}'; kies een andere naam</translation>
    </message>
    <message>
        <source>unknown indicator '{name}'</source>
        <translation>onbekende indicator '{name}'</translation>
    </message>
    <message>
        <source>indicator '{name}' is already in theme '{theme}'</source>
        <translation>indicator '{name}' staat al in thema '{theme}'</translation>
    </message>
    <message>
        <source>{origin}: '{key}' must be an object</source>
        <translation>{origin}: '{key}' moet een object zijn</translation>
    </message>
    <message>
        <source>the file carries no seal: it was not written by this version of the plugin; run the analysis again</source>
        <translation>het bestand heeft geen zegel: het is niet door deze versie van de plugin geschreven; voer de analyse opnieuw uit</translation>
    </message>
    <message>
        <source>the file was changed after it was written (its seal does not match its content), or it was written with another user's seal key</source>
        <translation>het bestand is gewijzigd nadat het geschreven is (het zegel past niet bij de inhoud), of het is geschreven met de zegelsleutel van een andere gebruiker</translation>
    </message>
    <message>
        <source>the registrations file</source>
        <translation>het registratiebestand</translation>
    </message>
    <message>
        <source>the area layer's file</source>
        <translation>het bestand van de buurtlaag</translation>
    </message>
    <message>
        <source>{path}: no configuration in the metadata table; not a Steunstructuur output</source>
        <translation>{path}: geen configuratie in de metadatatabel; geen uitvoer van Steunstructuur</translation>
    </message>
    <message>
        <source>the area layer is not valid</source>
        <translation>de buurtlaag is niet geldig</translation>
    </message>
    <message>
        <source>layer '{name}'</source>
        <translation>laag '{name}'</translation>
    </message>
    <message>
        <source>{layer}: the area layer must have polygons</source>
        <translation>{layer}: de buurtlaag moet polygonen hebben</translation>
    </message>
    <message>
        <source>{layer}: field '{field}' (buurtcode) not found; fields: {fields}</source>
        <translation>{layer}: veld '{field}' (buurtcode) niet gevonden; velden: {fields}</translation>
    </message>
    <message>
        <source>{layer}: denominator field '{field}' not found; fields: {fields}; choose one of them as 'areas.denominator' (inhabitants), or none for counts without rates</source>
        <translation>{layer}: noemerveld '{field}' niet gevonden; velden: {fields}; kies er een als 'areas.denominator' (inwoners), of geen voor alleen aantallen, zonder cijfers per 1.000</translation>
    </message>
    <message>
        <source>{layer}: the area layer has no features (buurten)</source>
        <translation>{layer}: de buurtlaag heeft geen objecten (buurten)</translation>
    </message>
    <message>
        <source>{layer}: buurt {buurt} has another gemeentecode than the other buurten of wijk {wijk}</source>
        <translation>{layer}: buurt {buurt} heeft een andere gemeentecode dan de andere buurten van wijk {wijk}</translation>
    </message>
    <message>
        <source>{layer}: buurt {buurt} lies in wijk {wijk} and gemeente {gemeente}, whose CBS codes do not agree</source>
        <translation>{layer}: buurt {buurt} ligt in wijk {wijk} en gemeente {gemeente}, waarvan de CBS-codes niet overeenkomen</translation>
    </message>
    <message>
        <source>{layer}: {n} buurt polygon(s) are not valid geometry, first {buurten} ({why}); repair the layer with Processing &gt; Vector geometry &gt; Fix geometries and choose the repaired layer</source>
        <translation>{layer}: {n} buurtpolygoon/-polygonen zijn geen geldige geometrie, als eerste {buurten} ({why}); herstel de laag met Processing &gt; Vectorgeometrie &gt; Geometrieën repareren (Fix geometries) en kies de herstelde laag</translation>
    </message>
    <message>
        <source>{layer}: field '{field}' holds '{value}', which is not a CBS buurtcode (BU + 8 digits) in {n} feature(s)</source>
        <translation>{layer}: veld '{field}' bevat '{value}', geen CBS-buurtcode (BU + 8 cijfers), in {n} object(en)</translation>
    </message>
    <message>
        <source>{layer}: buurtcode '{code}' occurs more than once</source>
        <translation>{layer}: buurtcode '{code}' komt meer dan eens voor</translation>
    </message>
    <message>
        <source>{layer}: cannot open as a vector layer</source>
        <translation>{layer}: kan niet als vectorlaag worden geopend</translation>
    </message>
    <message>
        <source>location 'postcode' needs source.postcode_table (the CBS pc6hnr file)</source>
        <translation>locatie 'postcode' vraagt source.postcode_table (het pc6hnr-bestand van het CBS)</translation>
    </message>
    <message>
        <source>{path}: expected columns PC6;Huisnummer;BuurtYYYY; {columns}</source>
        <translation>{path}: kolommen PC6;Huisnummer;BuurtYYYY verwacht; {columns}</translation>
    </message>
    <message>
        <source>{path}: cannot read postcode table: {error}</source>
        <translation>{path}: de postcodetabel kan niet worden gelezen: {error}</translation>
    </message>
    <message>
        <source>cannot read the expression</source>
        <translation>de expressie is niet te lezen</translation>
    </message>
    <message>
        <source>the expression ends too early</source>
        <translation>de expressie houdt te vroeg op</translation>
    </message>
    <message>
        <source>a '(' is not closed</source>
        <translation>een '(' wordt niet gesloten</translation>
    </message>
    <message>
        <source>unexpected '{term}'</source>
        <translation>onverwacht: '{term}'</translation>
    </message>
    <message>
        <source>unknown indicator or theme '{term}'</source>
        <translation>onbekende indicator of onbekend thema '{term}'</translation>
    </message>
    <message>
        <source>{path}: cannot write layer '{layer}': {error}</source>
        <translation>{path}: laag '{layer}' kan niet worden geschreven: {error}</translation>
    </message>
    <message>
        <source>{path}: the output must be a GeoPackage file ending in .gpkg</source>
        <translation>{path}: de uitvoer moet een GeoPackage-bestand zijn dat eindigt op .gpkg</translation>
    </message>
    <message>
        <source>{path}: is a folder; choose a .gpkg file</source>
        <translation>{path}: is een map; kies een .gpkg-bestand</translation>
    </message>
    <message>
        <source>{path}: no '{table}' table</source>
        <translation>{path}: geen tabel '{table}'</translation>
    </message>
    <message>
        <source>{path}: is {what}; choose another output file</source>
        <translation>{path}: is {what}; kies een ander uitvoerbestand</translation>
    </message>
    <message>
        <source>{path}: another Steunstructuur run is writing this output; wait until it has finished or choose another file</source>
        <translation>{path}: een andere Steunstructuur-run schrijft deze uitvoer; wacht tot die klaar is of kies een ander bestand</translation>
    </message>
    <message>
        <source>{path}: cannot write the metadata ({error}; disk full?)</source>
        <translation>{path}: de metadata kunnen niet worden geschreven ({error}; schijf vol?)</translation>
    </message>
    <message>
        <source>{path}: the file lacked {tables} after writing (disk full?)</source>
        <translation>{path}: na het schrijven ontbrak in het bestand: {tables} (schijf vol?)</translation>
    </message>
    <message>
        <source>{path}: the written file is damaged (disk full?)</source>
        <translation>{path}: het geschreven bestand is beschadigd (schijf vol?)</translation>
    </message>
    <message>
        <source>{path}: no '{layer}' layer: not a Steunstructuur GeoPackage</source>
        <translation>{path}: geen laag '{layer}': geen Steunstructuur-GeoPackage</translation>
    </message>
    <message>
        <source>{path}: cannot write in this folder ({error}); choose another output folder</source>
        <translation>{path}: in deze map kan niet worden geschreven ({error}); kies een andere uitvoermap</translation>
    </message>
    <message>
        <source>the earlier file is kept</source>
        <translation>het eerdere bestand blijft bewaard</translation>
    </message>
    <message>
        <source>{error}; an earlier file of that name is kept</source>
        <translation>{error}; een eerder bestand met die naam blijft bewaard</translation>
    </message>
    <message>
        <source>{path}: writing failed ({error}); an earlier file of that name is kept</source>
        <translation>{path}: schrijven mislukt ({error}); een eerder bestand met die naam blijft bewaard</translation>
    </message>
    <message>
        <source>{path}: cannot write layer '{layer}' ({error}; disk full?)</source>
        <translation>{path}: laag '{layer}' kan niet worden geschreven ({error}; schijf vol?)</translation>
    </message>
    <message>
        <source>{path}: {got} of {n} rows of '{table}' were written (disk full?)</source>
        <translation>{path}: {got} van {n} rijen van '{table}' zijn geschreven (schijf vol?)</translation>
    </message>
    <message>
        <source>table '{name}' of a Steunstructuur output is missing</source>
        <translation>tabel '{name}' van een Steunstructuur-uitvoer ontbreekt</translation>
    </message>
    <message>
        <source>view '{name}' is not part of a Steunstructuur output</source>
        <translation>view '{name}' hoort niet bij een Steunstructuur-uitvoer</translation>
    </message>
    <message>
        <source>table '{name}' is not part of a Steunstructuur output</source>
        <translation>tabel '{name}' hoort niet bij een Steunstructuur-uitvoer</translation>
    </message>
    <message>
        <source>trigger '{name}' is not part of a Steunstructuur output</source>
        <translation>trigger '{name}' hoort niet bij een Steunstructuur-uitvoer</translation>
    </message>
    <message>
        <source>the file has: {columns}</source>
        <translation>het bestand heeft: {columns}</translation>
    </message>
    <message>
        <source>the first row does not look like column names (a file without a header row?); its {n} cells are not repeated here because they may hold personal data</source>
        <translation>de eerste rij lijkt geen kolomnamen te bevatten (een bestand zonder kopregel?); de {n} cellen ervan worden hier niet herhaald omdat ze persoonsgegevens kunnen bevatten</translation>
    </message>
    <message>
        <source>{n} different values in {rows} rows, not named (too many for categories: is the category column the right one?)</source>
        <translation>{n} verschillende waarden in {rows} rijen, niet genoemd (te veel voor categorieën: is de categoriekolom de juiste?)</translation>
    </message>
    <message>
        <source>{path}, line 1: the first line (header) is longer than {n} MB; this is not a registrations file with a header row</source>
        <translation>{path}, regel 1: de eerste regel (kopregel) is langer dan {n} MB; dit is geen registratiebestand met een kopregel</translation>
    </message>
    <message>
        <source>{path}, line 1: the first line (header) is empty</source>
        <translation>{path}, regel 1: de eerste regel (kopregel) is leeg</translation>
    </message>
    <message>
        <source>{path}, line {line}: a quote (") opens a field that is never closed; every line after it would be read as one field</source>
        <translation>{path}, regel {line}: een aanhalingsteken (") opent een veld dat nooit wordt gesloten; elke regel erna zou als één veld worden gelezen</translation>
    </message>
    <message>
        <source>{path}: QGIS cannot open this table</source>
        <translation>{path}: QGIS kan deze tabel niet openen</translation>
    </message>
    <message>
        <source>{path}: the sheet is empty; it needs a header row and rows below it</source>
        <translation>{path}: het werkblad is leeg; het heeft een kopregel nodig en rijen eronder</translation>
    </message>
    <message>
        <source>{n} other value(s) in {rows} row(s), not named</source>
        <translation>{n} andere waarde(n) in {rows} rij(en), niet genoemd</translation>
    </message>
    <message>
        <source>{file}: the file has no rows below its header; nothing to count</source>
        <translation>{file}: het bestand heeft geen rijen onder de kopregel; er is niets te tellen</translation>
    </message>
    <message>
        <source>unknown encoding '{encoding}'</source>
        <translation>onbekende tekencodering '{encoding}'</translation>
    </message>
    <message>
        <source>{path}, line 1: the header cannot be read ({error})</source>
        <translation>{path}, regel 1: de kopregel is niet te lezen ({error})</translation>
    </message>
    <message>
        <source>{path}: file not found</source>
        <translation>{path}: bestand niet gevonden</translation>
    </message>
    <message>
        <source>{path}, line {line}: cannot be read as CSV ({error})</source>
        <translation>{path}, regel {line}: niet als CSV te lezen ({error})</translation>
    </message>
    <message>
        <source>{path}: reading Excel needs the Python package 'openpyxl'; install it in the QGIS Python environment (OSGeo4W shell: pip install openpyxl) or save the sheet as CSV</source>
        <translation>{path}: Excel lezen vraagt het Python-pakket 'openpyxl'; installeer het in de Python-omgeving van QGIS (OSGeo4W-shell: pip install openpyxl) of sla het werkblad op als CSV</translation>
    </message>
    <message>
        <source>{path}: not a readable Excel workbook (.xlsx): the file is damaged or cut off, or it is another kind of file with an .xlsx name (a CSV? then give it the name .csv)</source>
        <translation>{path}: geen leesbare Excel-werkmap (.xlsx): het bestand is beschadigd of afgebroken, of het is een ander soort bestand met een .xlsx-naam (een CSV? geef het dan de naam .csv)</translation>
    </message>
    <message>
        <source>{path}, line 1: column '{column}' appears {n} times in the header (columns {columns}); rename all but one, so that it is clear which to read</source>
        <translation>{path}, regel 1: kolom '{column}' staat {n} keer in de kopregel (kolommen {columns}); geef alle op één na een andere naam, zodat duidelijk is welke gelezen moet worden</translation>
    </message>
    <message>
        <source>{path}, line 1: column '{column}' not found in the header; {columns}</source>
        <translation>{path}, regel 1: kolom '{column}' niet gevonden in de kopregel; {columns}</translation>
    </message>
    <message>
        <source>{file}: no row was counted ({read} read; rejected {why})</source>
        <translation>{file}: geen enkele rij is geteld ({read} gelezen; afgewezen {why})</translation>
    </message>
    <message>
        <source>{path}: is not a regular file (a folder or a pipe?); choose the registrations file</source>
        <translation>{path}: is geen gewoon bestand (een map of een pipe?); kies het registratiebestand</translation>
    </message>
    <message>
        <source>{path}, line {line}: a field runs on for more than {n} KB, usually because a quote (") opens a field there that is never closed</source>
        <translation>{path}, regel {line}: een veld loopt door over meer dan {n} KB, meestal omdat daar een aanhalingsteken (") een veld opent dat nooit wordt gesloten</translation>
    </message>
    <message>
        <source>{path}: cannot be read (no permission)</source>
        <translation>{path}: kan niet worden gelezen (geen leesrechten)</translation>
    </message>
    <message>
        <source>{path}, line {line}: a byte cannot be read as {encoding}; set the file's encoding in the field mapping, or leave it empty to detect it</source>
        <translation>{path}, regel {line}: een byte is niet te lezen als {encoding}; stel de tekencodering van het bestand in bij de veldkoppeling, of laat die leeg om haar te laten herkennen</translation>
    </message>
    <message>
        <source>{path}: unknown encoding '{encoding}'</source>
        <translation>{path}: onbekende tekencodering '{encoding}'</translation>
    </message>
    <message>
        <source>Publications</source>
        <translation>Publicaties</translation>
    </message>
    <message>
        <source>Export the publication register</source>
        <translation>Publicatieregister exporteren</translation>
    </message>
    <message>
        <source>Import a publication register</source>
        <translation>Een publicatieregister importeren</translation>
    </message>
    <message>
        <source>Clear the publication register?</source>
        <translation>Publicatieregister leegmaken?</translation>
    </message>
    <message>
        <source>The register is how a new output is protected together with what was published before. Cleared, a new output of the same registrations can, together with an earlier one, reveal small counts. Clear it only when none of its outputs was published.</source>
        <translation>Met het register wordt een nieuwe uitvoer samen met het eerder gepubliceerde beschermd. Leeggemaakt kan een nieuwe uitvoer van dezelfde registraties samen met een eerdere kleine aantallen onthullen. Maak het alleen leeg als geen van de uitvoerbestanden is gepubliceerd.</translation>
    </message>
    <message>
        <source>Select the outputs to remove in the Publications tab first</source>
        <translation>Selecteer eerst op het tabblad Publicaties de uitvoer die weg moet</translation>
    </message>
    <message>
        <source>Publication register exported to {path}</source>
        <translation>Publicatieregister geëxporteerd naar {path}</translation>
    </message>
    <message>
        <source>{n} output(s) added to the publication register</source>
        <translation>{n} uitvoer(en) aan het publicatieregister toegevoegd</translation>
    </message>
    <message>
        <source>Protect together with earlier outputs</source>
        <translation>Samen met eerdere uitvoer beschermen</translation>
    </message>
    <message>
        <source>Hide more where this output and the earlier outputs of the same registrations in the publication register (tab Publications) would together reveal a small count, and add this output to the register</source>
        <translation>Meer verbergen waar deze uitvoer en de eerdere uitvoer van dezelfde registraties in het publicatieregister (tabblad Publicaties) samen een klein aantal zouden onthullen, en deze uitvoer aan het register toevoegen</translation>
    </message>
    <message>
        <source>Outputs written with the register on. A new output of the same registrations is protected together with all of them. Remove an output that was never published.</source>
        <translation>Uitvoer geschreven met het register aan. Een nieuwe uitvoer van dezelfde registraties wordt samen met al deze uitvoer beschermd. Verwijder uitvoer die nooit is gepubliceerd.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Remove the selected outputs from the register (only outputs that were never published)</source>
        <translation>De geselecteerde uitvoer uit het register verwijderen (alleen uitvoer die nooit is gepubliceerd)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporteren…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importeren…</translation>
    </message>
    <message>
        <source>Clear…</source>
        <translation>Leegmaken…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Drempel</translation>
    </message>
    <message>
        <source>Peildatum</source>
        <translation>Peildatum</translation>
    </message>
    <message>
        <source>Register: {path}</source>
        <translation>Register: {path}</translation>
    </message>
    <message>
        <source>Counts unique persons per buurt, wijk and gemeente for every indicator of the configuration, suppresses small counts (primary and secondary suppression, checked by a disclosure audit) and writes a GeoPackage with the layers buurt, wijk, gemeente and a metadata table. Person keys are pseudonymised while reading; no row-level data is written. With the publication register on, the output is protected together with every earlier output of the same registrations in it (the user's register, or the file given), and added to it. An own area division (wijkteamgebieden: polygons of whole buurten with a code field) is counted beside the wijken, protected together with the buurten and written as the layer gebied.</source>
        <translation>Telt unieke personen per buurt, wijk en gemeente voor elke indicator van de configuratie, onderdrukt kleine aantallen (primaire en secundaire onderdrukking, gecontroleerd met een onthullingsaudit) en schrijft een GeoPackage met de lagen buurt, wijk, gemeente en een metadatatabel. Persoonssleutels worden bij het lezen gepseudonimiseerd; er worden geen gegevens op rijniveau geschreven. Met het publicatieregister aan wordt de uitvoer samen met elke eerdere uitvoer van dezelfde registraties daarin beschermd (het eigen register van de gebruiker, of het opgegeven bestand) en eraan toegevoegd. Een eigen gebiedsindeling (wijkteamgebieden: polygonen van hele buurten met een codeveld) wordt naast de wijken geteld, samen met de buurten beschermd en als laag gebied geschreven.</translation>
    </message>
    <message>
        <source>Protect together with earlier outputs (publication register)</source>
        <translation>Samen met eerdere uitvoer beschermen (publicatieregister)</translation>
    </message>
    <message>
        <source>Publication register (empty: the user's own)</source>
        <translation>Publicatieregister (leeg: dat van de gebruiker)</translation>
    </message>
    <message>
        <source>protected together with {n} earlier output(s) of the same registrations in the publication register: {names}</source>
        <translation>samen beschermd met {n} eerdere uitvoer(en) van dezelfde registraties in het publicatieregister: {names}</translation>
    </message>
    <message>
        <source>{n} output(s) in the publication register were made with another pseudonym key (another computer or user) and could not be compared with these registrations</source>
        <translation>{n} uitvoer(en) in het publicatieregister zijn gemaakt met een andere pseudoniemsleutel (een andere computer of gebruiker) en konden niet met deze registraties worden vergeleken</translation>
    </message>
    <message>
        <source>'{title}' ({file}, {date})</source>
        <translation>'{title}' ({file}, {date})</translation>
    </message>
    <message>
        <source>the earlier output {entry} in the publication register has other areas than this run (another buurt layer, buurten merged or split, or another own area division): together the two could reveal small counts by subtraction, and outputs of other area divisions cannot be audited together yet; remove it from the register (tab Publications) if it was never published</source>
        <translation>de eerdere uitvoer {entry} in het publicatieregister heeft andere gebieden dan deze run (een andere buurtlaag, buurten samengevoegd of gesplitst, of een andere eigen gebiedsindeling): samen kunnen de twee door aftrekken kleine aantallen onthullen, en uitvoer van andere gebiedsindelingen kan nog niet samen worden gecontroleerd; verwijder haar uit het register (tabblad Publicaties) als ze nooit is gepubliceerd</translation>
    </message>
    <message>
        <source>{path}: not a Steunstructuur publication register ({why})</source>
        <translation>{path}: geen publicatieregister van Steunstructuur ({why})</translation>
    </message>
    <message>
        <source>{path}: the publication register could not be written ({why})</source>
        <translation>{path}: het publicatieregister kon niet worden geschreven ({why})</translation>
    </message>
    <message>
        <source>the earlier output {entry} in the publication register: {why}; remove it from the register (tab Publications) if it was never published</source>
        <translation>de eerdere uitvoer {entry} in het publicatieregister: {why}; verwijder haar uit het register (tabblad Publicaties) als ze nooit is gepubliceerd</translation>
    </message>
    <message>
        <source>Voorzieningen</source>
        <translation>Voorzieningen</translation>
    </message>
    <message>
        <source>names a type twice</source>
        <translation>noemt een type twee keer</translation>
    </message>
    <message>
        <source>must be distances in metres from 1 to 100000</source>
        <translation>moeten afstanden in meters zijn van 1 tot 100000</translation>
    </message>
    <message>
        <source>must be increasing, each distance once</source>
        <translation>moeten oplopen, elke afstand één keer</translation>
    </message>
    <message>
        <source>give either 'type' (the column with each provision's type) or 'type_value' (one type for the whole file)</source>
        <translation>geef 'type' (de kolom met het type van elke voorziening) of 'type_value' (één type voor het hele bestand), niet allebei</translation>
    </message>
    <message>
        <source>must hold a letter or digit</source>
        <translation>moet een letter of cijfer bevatten</translation>
    </message>
    <message>
        <source>is required for provisions located by postcode (a table of postcode, huisnummer, x and y)</source>
        <translation>is nodig voor voorzieningen die op postcode worden geplaatst (een tabel met postcode, huisnummer, x en y)</translation>
    </message>
    <message>
        <source>write types as lower case letters, digits and _ (max 24)</source>
        <translation>schrijf typen als kleine letters, cijfers en _ (max. 24)</translation>
    </message>
    <message>
        <source>geometry (empty, or more than one point)</source>
        <translation>geometrie (leeg, of meer dan één punt)</translation>
    </message>
    <message>
        <source>{path}: QGIS cannot open this layer</source>
        <translation>{path}: QGIS kan deze laag niet openen</translation>
    </message>
    <message>
        <source>{path}: not a point layer; provisions are points (or give a table with x/y or postcode + huisnummer)</source>
        <translation>{path}: geen puntenlaag; voorzieningen zijn punten (of geef een tabel met x/y of postcode + huisnummer)</translation>
    </message>
    <message>
        <source>{path}: a table of addresses needs the columns postcode, huisnummer, x and y (the CBS pc6hnr table has no coordinates); {columns}</source>
        <translation>{path}: een adressentabel heeft de kolommen postcode, huisnummer, x en y nodig (de CBS-tabel pc6hnr heeft geen coördinaten); {columns}</translation>
    </message>
    <message>
        <source>{path}: field '{column}' not found; {columns}</source>
        <translation>{path}: veld '{column}' niet gevonden; {columns}</translation>
    </message>
    <message>
        <source>'{field}' is larger than '{wider}'</source>
        <translation>'{field}' is groter dan '{wider}'</translation>
    </message>
    <message>
        <source>the provision's type is empty</source>
        <translation>het type van de voorziening is leeg</translation>
    </message>
    <message>
        <source>the provision's type is not one of provisions.types</source>
        <translation>het type van de voorziening staat niet in provisions.types</translation>
    </message>
    <message>
        <source>check which column holds the provision's type (provisions.sources[].type)</source>
        <translation>controleer welke kolom het type van de voorziening bevat (provisions.sources[].type)</translation>
    </message>
    <message>
        <source>the file's types are not those of provisions.types: check the list, or leave it empty to publish every type</source>
        <translation>de typen in het bestand zijn niet die van provisions.types: controleer de lijst, of laat hem leeg om elk type te publiceren</translation>
    </message>
    <message>
        <source>Select a map with a rate per 1,000 inhabitants and a layer with provisions first</source>
        <translation>Kies eerst een kaart met een cijfer per 1.000 inwoners en een laag met voorzieningen</translation>
    </message>
    <message>
        <source>Buurten with {map} among the highest third and no {kind} {where}: {n}</source>
        <translation>Buurten met {map} in het hoogste derde en geen {kind} {where}: {n}</translation>
    </message>
    <message>
        <source>{name} ({code}): {rate} per 1,000</source>
        <translation>{name} ({code}): {rate} per 1.000</translation>
    </message>
    <message>
        <source>Voorzieningen (wijkteams, huisartsen, ...): counted per area and drawn on the maps; empty: those of the configuration, if any</source>
        <translation>Voorzieningen (wijkteams, huisartsen, ...): geteld per gebied en getekend op de kaarten; leeg: die van de configuratie, als die er zijn</translation>
    </message>
    <message>
        <source>Provisions</source>
        <translation>Voorzieningen</translation>
    </message>
    <message>
        <source>The field that holds each provision's type</source>
        <translation>Het veld met het type van elke voorziening</translation>
    </message>
    <message>
        <source>Provision type field</source>
        <translation>Veld met type voorziening</translation>
    </message>
    <message>
        <source>Where is help missing</source>
        <translation>Waar ontbreekt hulp</translation>
    </message>
    <message>
        <source>Provision</source>
        <translation>Voorziening</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Waar</translation>
    </message>
    <message>
        <source>Find buurten</source>
        <translation>Buurten zoeken</translation>
    </message>
    <message>
        <source>Buurten whose published rate of the selected map is among the highest third and that have no provision of this type inside or within the distance</source>
        <translation>Buurten waarvan het gepubliceerde cijfer van de gekozen kaart in het hoogste derde ligt en die geen voorziening van dit type hebben, in de buurt of binnen de afstand</translation>
    </message>
    <message>
        <source>inside the buurt</source>
        <translation>in de buurt zelf</translation>
    </message>
    <message>
        <source>{layer}: a temporary layer; save it as a file (Export → Save Features As…) to use its provisions</source>
        <translation>{layer}: een tijdelijke laag; sla hem op als bestand (Exporteren → Objecten opslaan als…) om zijn voorzieningen te gebruiken</translation>
    </message>
    <message>
        <source>within {km} km</source>
        <translation>binnen {km} km</translation>
    </message>
    <message>
        <source>{layer}: not a file; save it as a file (Export → Save Features As…) to use its provisions</source>
        <translation>{layer}: geen bestand; sla hem op als bestand (Exporteren → Objecten opslaan als…) om zijn voorzieningen te gebruiken</translation>
    </message>
    <message>
        <source>name the provision types to measure the distance to</source>
        <translation>noem de typen voorzieningen waarvan de afstand gemeten wordt</translation>
    </message>
    <message>
        <source>reach needs provisions to measure the distance to</source>
        <translation>bereik heeft voorzieningen nodig om de afstand toe te meten</translation>
    </message>
    <message>
        <source>must be increasing distances in metres from 1 to 100000</source>
        <translation>moeten oplopende afstanden in meters zijn van 1 tot 100000</translation>
    </message>
    <message>
        <source>needs registrations located by x/y (source.location 'xy'): a buurtcode or postcode holds no distance</source>
        <translation>heeft registraties met x/y nodig (source.location 'xy'): een buurtcode of postcode heeft geen afstand</translation>
    </message>
    <message>
        <source>needs zeros published: the part of a buurt farther than a distance from every provision, or nearer, can be empty by its map alone</source>
        <translation>heeft gepubliceerde nullen nodig: het deel van een buurt verder dan een afstand van elke voorziening, of dichterbij, kan al volgens de kaart leeg zijn</translation>
    </message>
    <message>
        <source>names starting with vz_ are the provisions' columns; choose another name</source>
        <translation>namen die met vz_ beginnen zijn de kolommen van de voorzieningen; kies een andere naam</translation>
    </message>
    <message>
        <source>is not one of provisions.types</source>
        <translation>is geen van provisions.types</translation>
    </message>
    <message>
        <source>{n} indicators and {k} distances to types make more than {max}: reach is audited with the exact model of every combination, which holds at most {max}; measure fewer types or distances</source>
        <translation>{n} indicatoren en {k} afstanden tot typen zijn samen meer dan {max}: bereik wordt gecontroleerd met het exacte model van elke combinatie, dat er hoogstens {max} aankan; meet minder typen of afstanden</translation>
    </message>
    <message>
        <source>unknown indicator or theme '{name}'</source>
        <translation>onbekende indicator of onbekend thema '{name}'</translation>
    </message>
    <message>
        <source>'{name}' is too long for a name (31 characters); choose a shorter type</source>
        <translation>'{name}' is te lang voor een naam (31 tekens); kies een korter type</translation>
    </message>
    <message>
        <source>the name '{name}' it needs is taken</source>
        <translation>de naam '{name}' die het nodig heeft is al in gebruik</translation>
    </message>
    <message>
        <source>measuring distances to provisions</source>
        <translation>afstanden tot voorzieningen meten</translation>
    </message>
    <message>
        <source>{n} of {all} provisions lie more than {km} km outside the area layer's extent and count nowhere{hint}</source>
        <translation>{n} van {all} voorzieningen liggen meer dan {km} km buiten de omvang van de gebiedslaag en tellen nergens mee{hint}</translation>
    </message>
    <message>
        <source> (all of them: x/y in another coordinate system than the source's crs?)</source>
        <translation> (allemaal: x/y in een ander coördinatenstelsel dan de crs van de bron?)</translation>
    </message>
    <message>
        <source>the area layer's coordinate system {crs} does not measure in metres: distances to provisions need a projected one, such as RD New (EPSG:28992)</source>
        <translation>het coördinatenstelsel {crs} van de gebiedslaag meet niet in meters: afstanden tot voorzieningen hebben een geprojecteerd stelsel nodig, zoals RD New (EPSG:28992)</translation>
    </message>
    <message>
        <source>provisions.reach.types: no provision of type {types} was read; the distances to it cannot be measured</source>
        <translation>provisions.reach.types: er is geen voorziening van type {types} gelezen; de afstanden ertoe kunnen niet gemeten worden</translation>
    </message>
    <message>
        <source>geometry (empty, more than one point, or not in its coordinate system)</source>
        <translation>geometrie (leeg, meer dan één punt, of niet in zijn coördinatenstelsel)</translation>
    </message>
    <message>
        <source>{path}: this is the registrations file; provisions are published point by point and must be places such as wijkteams and huisartsen, never persons</source>
        <translation>{path}: dit is het registratiebestand; voorzieningen worden punt voor punt gepubliceerd en moeten plaatsen zijn zoals wijkteams en huisartsen, nooit personen</translation>
    </message>
    <message>
        <source>{path}: has the column '{column}' of the registrations' person key; provisions are published point by point and must be places, never persons</source>
        <translation>{path}: heeft de kolom '{column}' van de persoonssleutel van de registraties; voorzieningen worden punt voor punt gepubliceerd en moeten plaatsen zijn, nooit personen</translation>
    </message>
    <message>
        <source>{path}: no provision could be read ({n} rows; rejected: {why})</source>
        <translation>{path}: er kon geen voorziening gelezen worden ({n} rijen; afgewezen: {why})</translation>
    </message>
    <message>
        <source>the provision's type is longer than 24 letters and digits</source>
        <translation>het type van de voorziening is langer dan 24 letters en cijfers</translation>
    </message>
    <message>
        <source>shorten the types in the file: they name the output's columns</source>
        <translation>kort de typen in het bestand in: ze geven de kolommen van de uitvoer hun naam</translation>
    </message>
    <message>
        <source>'{field}' is published where its count is not, or is below {m}</source>
        <translation>'{field}' is gepubliceerd waar zijn aantal dat niet is, of onder {m} ligt</translation>
    </message>
    <message>
        <source>'{field}' is not a whole number of hundreds of metres</source>
        <translation>'{field}' is geen geheel aantal honderden meters</translation>
    </message>
    <message>
        <source>unknown key (use 'path' and 'where')</source>
        <translation>onbekende sleutel (gebruik 'path' en 'where')</translation>
    </message>
    <message>
        <source>{path}: road layer not found (provisions.reach.network.path)</source>
        <translation>{path}: wegenlaag niet gevonden (provisions.reach.network.path)</translation>
    </message>
    <message>
        <source>{path}: QGIS cannot open this road layer</source>
        <translation>{path}: QGIS kan deze wegenlaag niet openen</translation>
    </message>
    <message>
        <source>{path}: not a line layer; a network is roads or paths as lines</source>
        <translation>{path}: geen lijnenlaag; een netwerk bestaat uit wegen of paden als lijnen</translation>
    </message>
    <message>
        <source>{path}: no road selected; check the layer and provisions.reach.network.where</source>
        <translation>{path}: geen weg geselecteerd; controleer de laag en provisions.reach.network.where</translation>
    </message>
    <message>
        <source>provisions.reach.network.where: {error}</source>
        <translation>provisions.reach.network.where: {error}</translation>
    </message>
    <message>
        <source>{indicator} farther than {km} km from {kind} (%)</source>
        <translation>{indicator} verder dan {km} km van {kind} (%)</translation>
    </message>
    <message>
        <source>{types} types at {n} distances make {zones} joint parts to publish, more than {max}; measure fewer types or distances</source>
        <translation>{types} typen op {n} afstanden geven {zones} gezamenlijke delen om te publiceren, meer dan {max}; meet minder typen of afstanden</translation>
    </message>
    <message>
        <source>'{field}' does not follow from the published counts</source>
        <translation>'{field}' volgt niet uit de gepubliceerde aantallen</translation>
    </message>
    <message>
        <source>within {d} m of a {kind}</source>
        <translation>binnen {d} m van een {kind}</translation>
    </message>
    <message>
        <source>farther than {d} m from every {kind}</source>
        <translation>verder dan {d} m van elke {kind}</translation>
    </message>
    <message>
        <source>{low} to {high} m from the nearest {kind}</source>
        <translation>{low} tot {high} m van de dichtstbijzijnde {kind}</translation>
    </message>
    <message>
        <source>everyone counted {parts}</source>
        <translation>iedereen geteld {parts}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> en </translation>
    </message>
    <message>
        <source>Area code field</source>
        <translation>Veld gebiedscode</translation>
    </message>
    <message>
        <source>Area name field</source>
        <translation>Veld gebiedsnaam</translation>
    </message>
    <message>
        <source>Choose the area code field of the own area division</source>
        <translation>Kies het veld met de gebiedscode van de eigen gebiedsindeling</translation>
    </message>
    <message>
        <source>Choose the area code field of the own areas</source>
        <translation>Kies het veld met de gebiedscode van de eigen gebieden</translation>
    </message>
    <message>
        <source>Own area division (optional: areas of whole buurten)</source>
        <translation>Eigen gebiedsindeling (optioneel: gebieden van hele buurten)</translation>
    </message>
    <message>
        <source>Own areas</source>
        <translation>Eigen gebieden</translation>
    </message>
    <message>
        <source>The field that holds each own area's code</source>
        <translation>Het veld met de code van elk eigen gebied</translation>
    </message>
    <message>
        <source>The field that holds each own area's name (optional)</source>
        <translation>Het veld met de naam van elk eigen gebied (optioneel)</translation>
    </message>
    <message>
        <source>The gemeente's own areas (wijkteamgebieden, gebiedsindeling): polygons of whole buurten, counted beside the wijken and protected together with the buurten; empty: none</source>
        <translation>De eigen gebieden van de gemeente (wijkteamgebieden, gebiedsindeling): polygonen van hele buurten, naast de wijken geteld en samen met de buurten beschermd; leeg: geen</translation>
    </message>
    <message>
        <source>an own area division needs the buurt polygons</source>
        <translation>een eigen gebiedsindeling heeft de buurtpolygonen nodig</translation>
    </message>
    <message>
        <source>has another own area division (or none)</source>
        <translation>heeft een andere eigen gebiedsindeling (of geen)</translation>
    </message>
    <message>
        <source>the division layer</source>
        <translation>de laag met de gebiedsindeling</translation>
    </message>
    <message>
        <source>the division layer is not valid</source>
        <translation>de laag met de gebiedsindeling is niet geldig</translation>
    </message>
    <message>
        <source>{layer}: area '{code}' holds buurten of more than one gemeente; an own area lies within one gemeente</source>
        <translation>{layer}: gebied '{code}' bevat buurten van meer dan één gemeente; een eigen gebied ligt binnen één gemeente</translation>
    </message>
    <message>
        <source>{layer}: area code '{code}' is also a buurt, wijk or gemeente code; give the areas codes of their own</source>
        <translation>{layer}: gebiedscode '{code}' is ook een buurt-, wijk- of gemeentecode; geef de gebieden eigen codes</translation>
    </message>
    <message>
        <source>{layer}: feature {row} ('{code}') has no polygon</source>
        <translation>{layer}: object {row} ('{code}') heeft geen polygoon</translation>
    </message>
    <message>
        <source>{layer}: feature {row} has no code in field '{field}'</source>
        <translation>{layer}: object {row} heeft geen code in veld '{field}'</translation>
    </message>
    <message>
        <source>{layer}: field '{field}' not found; fields: {fields}</source>
        <translation>{layer}: veld '{field}' niet gevonden; velden: {fields}</translation>
    </message>
    <message>
        <source>{layer}: no buurt of the area layer lies in the division (another region or coordinate system?)</source>
        <translation>{layer}: geen buurt van de gebiedslaag ligt in de gebiedsindeling (een andere regio of een ander coördinatenstelsel?)</translation>
    </message>
    <message>
        <source>{layer}: the division cuts buurt {buurt} ({parts}); an own area must be made of whole buurten, as the disclosure audit counts people per buurt. Redraw the area along the buurt's boundary</source>
        <translation>{layer}: de gebiedsindeling snijdt buurt {buurt} ({parts}); een eigen gebied moet uit hele buurten bestaan, omdat de onthullingsaudit personen per buurt telt. Teken het gebied opnieuw langs de grens van de buurt</translation>
    </message>
    <message>
        <source>{layer}: the division is in {crs}, the buurten in {buurt_crs}; reproject it to {buurt_crs}</source>
        <translation>{layer}: de gebiedsindeling is in {crs}, de buurten in {buurt_crs}; projecteer haar naar {buurt_crs}</translation>
    </message>
    <message>
        <source>{layer}: the division layer has no features</source>
        <translation>{layer}: de laag met de gebiedsindeling heeft geen objecten</translation>
    </message>
    <message>
        <source>{layer}: the division layer must have polygons</source>
        <translation>{layer}: de laag met de gebiedsindeling moet polygonen hebben</translation>
    </message>
    <message>
        <source>{layer}: the polygon of area '{code}' is not valid geometry ({why}); repair the layer with Processing &gt; Vector geometry &gt; Fix geometries</source>
        <translation>{layer}: de polygoon van gebied '{code}' is geen geldige geometrie ({why}); herstel de laag met Processing &gt; Vectorgeometrie &gt; Geometrieën repareren</translation>
    </message>
    <message>
        <source>{name} – own areas</source>
        <translation>{name} – eigen gebieden</translation>
    </message>
    <message>
        <source>{pct} % in '{code}'</source>
        <translation>{pct} % in '{code}'</translation>
    </message>
    <message>
        <source>the buurt layer's column '{column}' and the layer '{layer}' come only together</source>
        <translation>de kolom '{column}' van de buurtlaag en de laag '{layer}' komen alleen samen voor</translation>
    </message>
    <message>
        <source>{level}: area '{code}' has no buurt</source>
        <translation>{level}: gebied '{code}' heeft geen buurt</translation>
    </message>
    <message>
        <source>{level}: area '{code}' lies in another gemeente than its buurten</source>
        <translation>{level}: gebied '{code}' ligt in een andere gemeente dan zijn buurten</translation>
    </message>
    <message>
        <source>{level}: area '{code}' named by a buurt is not in the layer '{layer}'</source>
        <translation>{level}: gebied '{code}', genoemd door een buurt, staat niet in de laag '{layer}'</translation>
    </message>
    <message>
        <source>{level}: area '{code}' occurs more than once</source>
        <translation>{level}: gebied '{code}' komt meer dan eens voor</translation>
    </message>
    <message>
        <source>{pct} % outside every area</source>
        <translation>{pct} % buiten elk gebied</translation>
    </message>
    <message>
        <source>{name} ({pub} of {all} own areas published)</source>
        <translation>{name} ({pub} van {all} eigen gebieden gepubliceerd)</translation>
    </message>
    <message>
        <source>Peildatum {date}</source>
        <translation>Peildatum {date}</translation>
    </message>
    <message>
        <source>Series of peildata up to</source>
        <translation>Reeks van peildata tot en met</translation>
    </message>
    <message>
        <source>The peildatum the map shows; QGIS's Temporal Controller plays the series</source>
        <translation>De peildatum die de kaart toont; de Temporal Controller van QGIS speelt de reeks af</translation>
    </message>
    <message>
        <source>a series of peildata replaces reference_date: leave reference_date empty</source>
        <translation>een reeks van peildata vervangt reference_date: laat reference_date leeg</translation>
    </message>
    <message>
        <source>a series of peildata starts at the reference date: fill it in</source>
        <translation>een reeks van peildata begint op de peildatum: vul die in</translation>
    </message>
    <message>
        <source>every month</source>
        <translation>elke maand</translation>
    </message>
    <message>
        <source>every quarter</source>
        <translation>elk kwartaal</translation>
    </message>
    <message>
        <source>every year</source>
        <translation>elk jaar</translation>
    </message>
    <message>
        <source>give either reference_dates or series, not both</source>
        <translation>geef reference_dates of series, niet allebei</translation>
    </message>
    <message>
        <source>peildatum {date} ({i} of {n}): {step}</source>
        <translation>peildatum {date} ({i} van {n}): {step}</translation>
    </message>
    <message>
        <source>peildatum {date}: {n} suppressed cell(s) can be derived from what the file publishes</source>
        <translation>peildatum {date}: {n} onderdrukte cel(len) zijn af te leiden uit wat het bestand publiceert</translation>
    </message>
    <message>
        <source>peildatum {date}: {problem}</source>
        <translation>peildatum {date}: {problem}</translation>
    </message>
    <message>
        <source>the series layers are not one per level ({levels})</source>
        <translation>de reekslagen zijn niet één per niveau ({levels})</translation>
    </message>
    <message>
        <source>unknown key; the keys are start, end and step</source>
        <translation>onbekende sleutel; de sleutels zijn start, end en step</translation>
    </message>
    <message>
        <source>yyyy-mm-dd; empty: one peildatum</source>
        <translation>jjjj-mm-dd; leeg: één peildatum</translation>
    </message>
    <message>
        <source>{layer}: a row without a peildatum</source>
        <translation>{layer}: een rij zonder peildatum</translation>
    </message>
    <message>
        <source>{layer}: other peildata than the configuration's ({n}, of which {k} of its {m})</source>
        <translation>{layer}: andere peildata dan die van de configuratie ({n}, waarvan {k} van haar {m})</translation>
    </message>
    <message>
        <source>{layer}: the areas of {date} are not those of layer '{level}'</source>
        <translation>{layer}: de gebieden van {date} zijn niet die van laag '{level}'</translation>
    </message>
    <message>
        <source>{layer}: the last peildatum ({date}) differs from layer '{level}'</source>
        <translation>{layer}: de laatste peildatum ({date}) verschilt van laag '{level}'</translation>
    </message>
    <message>
        <source>{name} – over time</source>
        <translation>{name} – door de tijd</translation>
    </message>
    <message>
        <source>{n} peildata; at most {max} per run</source>
        <translation>{n} peildata; hoogstens {max} per run</translation>
    </message>
    <message>
        <source>Aggregation finished: {k} peildata, {n} rows counted at the last</source>
        <translation>Aggregatie klaar: {k} peildata, {n} rijen geteld op de laatste</translation>
    </message>
    <message>
        <source>a series of {n} peildata ({first} to {last}); the import report above is that of the last, each peildatum was counted, protected and audited on its own</source>
        <translation>een reeks van {n} peildata ({first} tot en met {last}); het importverslag hierboven is dat van de laatste, elke peildatum is apart geteld, beschermd en gecontroleerd</translation>
    </message>
    <message>
        <source>{name} ({pub} of {all} published: {areas} buurten × {k} peildata)</source>
        <translation>{name} ({pub} van {all} gepubliceerd: {areas} buurten × {k} peildata)</translation>
    </message>
    <message>
        <source>A line chart of one area's published rate per 1,000 inhabitants at each peildatum of a series, with its gemeente as reference line and the trend in the subtitle; a peildatum whose rate is not published is a gap. PNG, SVG or PDF. Refuses a file that fails the disclosure audit.</source>
        <translation>Een lijngrafiek van het gepubliceerde cijfer per 1.000 inwoners van één gebied op elke peildatum van een reeks, met de gemeente als referentielijn en de trend in de ondertitel; een peildatum waarvan het cijfer niet gepubliceerd is, is een gat. PNG, SVG of PDF. Weigert een bestand dat niet door de onthullingscontrole komt.</translation>
    </message>
    <message>
        <source>Area code (e.g. BU01680001)</source>
        <translation>Gebiedscode (bijv. BU01680001)</translation>
    </message>
    <message>
        <source>Chart saved: {path}</source>
        <translation>Grafiek opgeslagen: {path}</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Map (indicator, theme or expression)</source>
        <translation>Kaart (indicator, thema of expressie)</translation>
    </message>
    <message>
        <source>PNG, SVG or PDF of this chart; the file is audited first</source>
        <translation>PNG, SVG of PDF van deze grafiek; het bestand wordt eerst gecontroleerd</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Grafiek opslaan</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>Grafiek opslaan…</translation>
    </message>
    <message>
        <source>Trend chart of an area over a series of peildata</source>
        <translation>Trendgrafiek van een gebied over een reeks peildata</translation>
    </message>
    <message>
        <source>Trend of an area</source>
        <translation>Trend van een gebied</translation>
    </message>
    <message>
        <source>falling significantly</source>
        <translation>daalt significant</translation>
    </message>
    <message>
        <source>no significant trend</source>
        <translation>geen significante trend</translation>
    </message>
    <message>
        <source>not shown (privacy) or no rate</source>
        <translation>niet getoond (privacy) of geen cijfer</translation>
    </message>
    <message>
        <source>rising significantly</source>
        <translation>stijgt significant</translation>
    </message>
    <message>
        <source>the trend layers are not one per series layer</source>
        <translation>de trendlagen zijn niet één per reekslaag</translation>
    </message>
    <message>
        <source>too few published peildata</source>
        <translation>te weinig gepubliceerde peildata</translation>
    </message>
    <message>
        <source>trend {sign}{slope} per 1,000 per year (p = {p}): {what}</source>
        <translation>trend {sign}{slope} per 1.000 per jaar (p = {p}): {what}</translation>
    </message>
    <message>
        <source>trend: too few published peildata</source>
        <translation>trend: te weinig gepubliceerde peildata</translation>
    </message>
    <message>
        <source>{area}: {name}</source>
        <translation>{area}: {name}</translation>
    </message>
    <message>
        <source>{layer}: '{column}' is not the trend of the published rates</source>
        <translation>{layer}: '{column}' is niet de trend van de gepubliceerde cijfers</translation>
    </message>
    <message>
        <source>{layer}: not the columns and rows of the trends of the series</source>
        <translation>{layer}: niet de kolommen en rijen van de trends van de reeks</translation>
    </message>
    <message>
        <source>{name} ({k} of {all} buurten rising significantly)</source>
        <translation>{name} ({k} van {all} buurten stijgen significant)</translation>
    </message>
    <message>
        <source>{name} – trend</source>
        <translation>{name} – trend</translation>
    </message>
    <message>
        <source>{name}: trend</source>
        <translation>{name}: trend</translation>
    </message>
    <message>
        <source>{path}: choose a .png, .svg or .pdf file</source>
        <translation>{path}: kies een .png-, .svg- of .pdf-bestand</translation>
    </message>
    <message>
        <source>{path}: no area '{code}' in layer '{level}'</source>
        <translation>{path}: geen gebied '{code}' in laag '{level}'</translation>
    </message>
    <message>
        <source>{path}: no map '{name}'</source>
        <translation>{path}: geen kaart '{name}'</translation>
    </message>
    <message>
        <source>{path}: no series of peildata for level '{level}'</source>
        <translation>{path}: geen reeks peildata voor niveau '{level}'</translation>
    </message>
    <message>
        <source>95 % interval, high</source>
        <translation>95%-interval, bovengrens</translation>
    </message>
    <message>
        <source>95 % interval, low</source>
        <translation>95%-interval, ondergrens</translation>
    </message>
    <message>
        <source>A group layer needs its area code field and its group field</source>
        <translation>Een groepenlaag vraagt haar gebiedscodeveld en haar groepsveld</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Na</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Voor</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Grafiek</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>Control areas (codes separated by commas)</source>
        <translation>Controlegebieden (codes gescheiden door komma's)</translation>
    </message>
    <message>
        <source>Difference in differences</source>
        <translation>Verschil in verschillen</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evalueren</translation>
    </message>
    <message>
        <source>Evaluate a pilot: difference in differences over a series of peildata</source>
        <translation>Een pilot evalueren: verschil in verschillen over een reeks peildata</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Interventie</translation>
    </message>
    <message>
        <source>Intervention areas (codes separated by commas)</source>
        <translation>Interventiegebieden (codes gescheiden door komma's)</translation>
    </message>
    <message>
        <source>Its area code field</source>
        <translation>Haar gebiedscodeveld</translation>
    </message>
    <message>
        <source>Its group field</source>
        <translation>Haar groepsveld</translation>
    </message>
    <message>
        <source>Or: a layer with the groups</source>
        <translation>Of: een laag met de groepen</translation>
    </message>
    <message>
        <source>Peildatum after (YYYY-MM-DD)</source>
        <translation>Peildatum na (JJJJ-MM-DD)</translation>
    </message>
    <message>
        <source>Peildatum before (YYYY-MM-DD)</source>
        <translation>Peildatum voor (JJJJ-MM-DD)</translation>
    </message>
    <message>
        <source>Pilot evaluation</source>
        <translation>Evaluatie van een pilot</translation>
    </message>
    <message>
        <source>Pilot saved: {chart} and {table}</source>
        <translation>Pilot opgeslagen: {chart} en {table}</translation>
    </message>
    <message>
        <source>Pilot: {name}, {before} to {after}</source>
        <translation>Pilot: {name}, {before} tot {after}</translation>
    </message>
    <message>
        <source>Save chart and table…</source>
        <translation>Grafiek en tabel opslaan…</translation>
    </message>
    <message>
        <source>Save pilot chart and table</source>
        <translation>Grafiek en tabel van de pilot opslaan</translation>
    </message>
    <message>
        <source>Select the areas of the group on the map first</source>
        <translation>Selecteer eerst de gebieden van de groep op de kaart</translation>
    </message>
    <message>
        <source>Table (CSV)</source>
        <translation>Tabel (CSV)</translation>
    </message>
    <message>
        <source>The areas selected on the map (the series or buurt layer)</source>
        <translation>De gebieden die op de kaart geselecteerd zijn (de reeks- of buurtlaag)</translation>
    </message>
    <message>
        <source>The difference in differences of a map's published rate between a peildatum BEFORE and one AFTER: the mean change of the intervention areas minus that of the control areas, with a 95 % interval and p-value from a permutation test over the areas. The groups: INTERVENTION and CONTROL (area codes separated by commas), or a GROUP_LAYER whose GROUP_FIELD says 'intervention'/'interventie' or 'control'/'controle' per area (its CODE_FIELD). Writes a chart with its table (PNG, SVG or PDF) and the table as CSV beside it. Only published rates are used; a file that fails the audit is refused.</source>
        <translation>Het verschil in verschillen van het gepubliceerde cijfer van een kaart tussen een peildatum BEFORE en een AFTER: de gemiddelde verandering van de interventiegebieden min die van de controlegebieden, met een 95%-interval en p-waarde uit een permutatietoets over de gebieden. De groepen: INTERVENTION en CONTROL (gebiedscodes gescheiden door komma's), of een GROUP_LAYER waarvan GROUP_FIELD per gebied (CODE_FIELD) 'intervention'/'interventie' of 'control'/'controle' zegt. Schrijft een grafiek met haar tabel (PNG, SVG of PDF) en de tabel als CSV ernaast. Alleen gepubliceerde cijfers worden gebruikt; een bestand dat niet door de controle komt, wordt geweigerd.</translation>
    </message>
    <message>
        <source>Use selected areas</source>
        <translation>Geselecteerde gebieden</translation>
    </message>
    <message>
        <source>area {code} is in both groups</source>
        <translation>gebied {code} zit in beide groepen</translation>
    </message>
    <message>
        <source>area {code} is not in the series</source>
        <translation>gebied {code} zit niet in de reeks</translation>
    </message>
    <message>
        <source>areas</source>
        <translation>gebieden</translation>
    </message>
    <message>
        <source>change</source>
        <translation>verandering</translation>
    </message>
    <message>
        <source>control</source>
        <translation>controle</translation>
    </message>
    <message>
        <source>control ({n} areas)</source>
        <translation>controle ({n} gebieden)</translation>
    </message>
    <message>
        <source>difference in differences</source>
        <translation>verschil in verschillen</translation>
    </message>
    <message>
        <source>difference in differences {effect} per 1,000 (95 % interval {low} to {high}, p = {p})
permutation test over the areas, {how}</source>
        <translation>verschil in verschillen {effect} per 1.000 (95%-interval {low} tot {high}, p = {p})
permutatietoets over de gebieden, {how}</translation>
    </message>
    <message>
        <source>each group needs at least two areas with a published rate on both peildata (intervention {i}, control {c})</source>
        <translation>elke groep heeft minstens twee gebieden met een gepubliceerd cijfer op beide peildata nodig (interventie {i}, controle {c})</translation>
    </message>
    <message>
        <source>every split ({n})</source>
        <translation>elke verdeling ({n})</translation>
    </message>
    <message>
        <source>group</source>
        <translation>groep</translation>
    </message>
    <message>
        <source>intervention</source>
        <translation>interventie</translation>
    </message>
    <message>
        <source>intervention ({n} areas)</source>
        <translation>interventie ({n} gebieden)</translation>
    </message>
    <message>
        <source>no map '{name}'</source>
        <translation>geen kaart '{name}'</translation>
    </message>
    <message>
        <source>no published rate on {date}</source>
        <translation>geen gepubliceerd cijfer op {date}</translation>
    </message>
    <message>
        <source>no series of peildata for level '{level}'</source>
        <translation>geen reeks peildata voor niveau '{level}'</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>p-waarde</translation>
    </message>
    <message>
        <source>the peildatum before must lie before the one after</source>
        <translation>de peildatum voor moet vóór de peildatum na liggen</translation>
    </message>
    <message>
        <source>unbounded</source>
        <translation>onbegrensd</translation>
    </message>
    <message>
        <source>{code} left out: {reason}</source>
        <translation>{code} weggelaten: {reason}</translation>
    </message>
    <message>
        <source>{date} is not a peildatum of the series</source>
        <translation>{date} is geen peildatum van de reeks</translation>
    </message>
    <message>
        <source>{n} area(s) left out: no published rate on one of the two peildata</source>
        <translation>{n} gebied(en) weggelaten: geen gepubliceerd cijfer op een van de twee peildata</translation>
    </message>
    <message>
        <source>{n} areas</source>
        <translation>{n} gebieden</translation>
    </message>
    <message>
        <source>{n} random splits</source>
        <translation>{n} willekeurige verdelingen</translation>
    </message>
    <message>
        <source>peildatum {date}: {note}</source>
        <translation>peildatum {date}: {note}</translation>
    </message>
    <message>
        <source> (series.end before series.start?)</source>
        <translation> (series.end vóór series.start?)</translation>
    </message>
    <message>
        <source>a series needs at least two different peildata</source>
        <translation>een reeks heeft minstens twee verschillende peildata nodig</translation>
    </message>
    <message>
        <source>fall</source>
        <translation>dalen</translation>
    </message>
    <message>
        <source>hollow: a mean of fewer areas (not every rate published on that peildatum)</source>
        <translation>open: een gemiddelde van minder gebieden (niet elk cijfer op die peildatum gepubliceerd)</translation>
    </message>
    <message>
        <source>needs the registrations' start_date and end_date columns: with one of them every count can only rise (or fall) from one peildatum to the next, which tells an attacker more than each peildatum alone</source>
        <translation>vraagt de kolommen start_date en end_date van de registraties: met één ervan kan elk aantal van de ene peildatum op de volgende alleen stijgen (of dalen), en dat vertelt een aanvaller meer dan elke peildatum apart</translation>
    </message>
    <message>
        <source>rise</source>
        <translation>stijgen</translation>
    </message>
    <message>
        <source>runs past the year 9999</source>
        <translation>loopt voorbij het jaar 9999</translation>
    </message>
    <message>
        <source>the file holds the layers of a series ({names}), its configuration has none</source>
        <translation>het bestand bevat de lagen van een reeks ({names}), zijn configuratie heeft er geen</translation>
    </message>
    <message>
        <source>the intervention areas are of level '{a}', the control areas of '{b}': choose both groups on one level</source>
        <translation>de interventiegebieden zijn van niveau '{a}', de controlegebieden van '{b}': kies beide groepen op één niveau</translation>
    </message>
    <message>
        <source>the configuration has a series of {n} peildata, the file no series layers</source>
        <translation>de configuratie heeft een reeks van {n} peildata, het bestand geen reekslagen</translation>
    </message>
    <message>
        <source>left out: {n} area(s) without a published rate on one of the peildata</source>
        <translation>weggelaten: {n} gebied(en) zonder gepubliceerd cijfer op een van de peildata</translation>
    </message>
    <message>
        <source>enters it</source>
        <translation>komt er niemand bij</translation>
    </message>
    <message>
        <source>gemeente {name} ({code}), {indicator}: from one peildatum to the next nobody {what} (from {first} to {last}), so each of its counts there could only {way}; an attacker who sees that could combine the peildata. Choose other peildata, leave the indicator out, or publish one peildatum</source>
        <translation>gemeente {name} ({code}), {indicator}: tussen opeenvolgende peildata {what} (van {first} tot {last}), dus elk van zijn aantallen daar kan alleen {way}; een aanvaller die dat ziet, kan de peildata combineren. Kies andere peildata, laat de indicator weg, of publiceer één peildatum</translation>
    </message>
    <message>
        <source>leaves it</source>
        <translation>gaat er niemand af</translation>
    </message>
    <message>
        <source>peildata must lie between the years 1678 and 2261</source>
        <translation>peildata moeten tussen de jaren 1678 en 2261 liggen</translation>
    </message>
    <message>
        <source>peildatum {date}: {error}</source>
        <translation>peildatum {date}: {error}</translation>
    </message>
    <message>
        <source>must list known indicators, each in one group</source>
        <translation>moet bekende indicatoren noemen, elk in één groep</translation>
    </message>
    <message>
        <source>inflow and outflow need a series of peildata</source>
        <translation>instroom en uitstroom vragen een reeks peildata</translation>
    </message>
    <message>
        <source>inflow and outflow are not counted together with distances to provisions</source>
        <translation>instroom en uitstroom worden niet samen met afstanden tot voorzieningen geteld</translation>
    </message>
    <message>
        <source>inflow and outflow: {k} indicators at {n} peildata are more than one analysis holds ({max}); choose fewer indicators or peildata</source>
        <translation>instroom en uitstroom: {k} indicatoren op {n} peildata zijn meer dan één analyse bevat ({max}); kies minder indicatoren of peildata</translation>
    </message>
    <message>
        <source>inflow and outflow: the disclosure audit of {k} indicators ({m} maps) over {n} peildata would need about {size} variables per buurt (at most {max}); choose fewer indicators</source>
        <translation>instroom en uitstroom: de onthullingscontrole van {k} indicatoren ({m} kaarten) over {n} peildata zou ongeveer {size} variabelen per buurt vragen (hoogstens {max}); kies minder indicatoren</translation>
    </message>
</context>
</TS>
