# Namen van de waarden uit de lijsten van de standaard, en van de soorten organisaties.
# Sleutel: value- en dan de waarde als slug (algoreg_site::i18n::key_slug).
# Onderwerpen (veld category).
value-organisatie-en-bedrijfsvoering = Organisatie en bedrijfsvoering
value-cultuur-en-recreatie = Cultuur en recreatie
value-economie = Economie
value-overheidsfinancien = Overheidsfinanciën
value-wonen = Wonen
value-internationaal = Internationaal
value-migratie-en-integratie = Migratie en integratie
value-natuur-en-milieu = Natuur en milieu
value-onderwijs-en-wetenschap = Onderwijs en wetenschap
value-openbare-orde-en-veiligheid = Openbare orde en veiligheid
value-recht = Recht
value-ruimte-en-infrastructuur = Ruimte en infrastructuur
value-sociale-zekerheid = Sociale zekerheid
value-verkeer = Verkeer
value-werk = Werk
value-zorg-en-gezondheid = Zorg en gezondheid
# Status.
value-in-ontwikkeling = In ontwikkeling
value-in-gebruik = In gebruik
value-buiten-gebruik = Buiten gebruik
# Soort algoritme (veld publication_category).
value-hoog-risico-ai-systeem = Hoog-risico AI-systeem
value-impactvolle-algoritmes = Impactvolle algoritmes
value-overige-algoritmes = Overige algoritmes
# Soorten organisaties.
value-gemeente = Gemeente
value-provincie = Provincie
value-waterschap = Waterschap
value-ministerie = Ministerie
value-zelfstandig-bestuursorgaan = Zelfstandig bestuursorgaan
value-veiligheidsregio = Veiligheidsregio
value-omgevingsdienst = Omgevingsdienst
value-politie = Politie
value-rechtspraak = Rechtspraak
value-agentschap = Agentschap
value-adviescollege = Adviescollege
value-inspectie = Inspectie
value-hoog-college-van-staat = Hoog College van Staat
value-koepelorganisatie = Koepelorganisatie
value-organisatieonderdeel = Deel van een organisatie
value-brandweer = Brandweer
value-caribisch-openbaar-lichaam = Openbaar lichaam in Caribisch Nederland
value-interdepartementale-commissie = Commissie van meerdere ministeries
value-kabinet-van-de-koning = Kabinet van de Koning
value-openbaar-lichaam-voor-beroep-en-bedrijf = Openbaar lichaam voor beroep en bedrijf
value-organisatie-met-overheidsbemoeienis = Organisatie met een taak van de overheid
value-regionaal-samenwerkingsorgaan = Regionaal samenwerkingsorgaan
value-regionaal-samenwerkingsverband = Regionaal samenwerkingsverband
value-grensoverschrijdend-regionaal-samenwerkingsorgaan = Samenwerking over de grens
value-overig = Andere organisatie
# Toetsen op gevolgen (codes).
value-dpia = DPIA (gevolgen voor privacy)
value-iama = IAMA (mensenrechten en algoritmes)
value-fria = FRIA (grondrechten, AI-verordening)
value-aiia = AIIA (gevolgen van AI)
value-fraia = FRAIA (grondrechten en algoritmes)
value-deda = DEDA (ethiek van data)
value-utrecht-ethiek = Ethische toets van Utrecht
value-toetsingskader-rekenkamer = Toetsingskader van de Algemene Rekenkamer
value-z-inspection = Z-Inspection
value-ethische-bijsluiter = De Ethische Bijsluiter
value-privacy-quickscan = Privacy Quickscan
value-pre-scan-dpia = Voorscan voor een DPIA
value-other = Een andere toets
value-none = Geen toets genoemd
