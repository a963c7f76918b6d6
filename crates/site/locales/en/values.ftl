# Names of the values in the standard's lists, and of the kinds of organisations.
# Key: value- followed by the value as a slug (algoreg_site::i18n::key_slug).
# Subjects (field category).
value-organisatie-en-bedrijfsvoering = Organisation and operations
value-cultuur-en-recreatie = Culture and leisure
value-economie = Economy
value-overheidsfinancien = Public finance
value-wonen = Housing
value-internationaal = International affairs
value-migratie-en-integratie = Migration and integration
value-natuur-en-milieu = Nature and environment
value-onderwijs-en-wetenschap = Education and science
value-openbare-orde-en-veiligheid = Public order and safety
value-recht = Law and justice
value-ruimte-en-infrastructuur = Land use and infrastructure
value-sociale-zekerheid = Social security
value-verkeer = Traffic and transport
value-werk = Work
value-zorg-en-gezondheid = Care and health
# Status.
value-in-ontwikkeling = Being developed
value-in-gebruik = In use
value-buiten-gebruik = No longer in use
# Kind of algorithm (field publication_category).
value-hoog-risico-ai-systeem = High-risk AI system
value-impactvolle-algoritmes = Algorithm with impact
value-overige-algoritmes = Other algorithm
# Kinds of organisations.
value-gemeente = Municipality
value-provincie = Province
value-waterschap = Water authority
value-ministerie = Ministry
value-zelfstandig-bestuursorgaan = Independent public body
value-veiligheidsregio = Safety region
value-omgevingsdienst = Environmental service
value-politie = Police
value-rechtspraak = Judiciary
value-agentschap = Agency
value-adviescollege = Advisory board
value-inspectie = Inspectorate
value-hoog-college-van-staat = High Council of State
value-koepelorganisatie = Umbrella organisation
value-organisatieonderdeel = Part of an organisation
value-brandweer = Fire service
value-caribisch-openbaar-lichaam = Public body in the Caribbean Netherlands
value-interdepartementale-commissie = Committee of several ministries
value-kabinet-van-de-koning = Cabinet of the King
value-openbaar-lichaam-voor-beroep-en-bedrijf = Public body for a trade or profession
value-organisatie-met-overheidsbemoeienis = Organisation with a public task
value-regionaal-samenwerkingsorgaan = Regional partnership body
value-regionaal-samenwerkingsverband = Regional partnership
value-grensoverschrijdend-regionaal-samenwerkingsorgaan = Cross-border partnership
value-overig = Other organisation
# Impact assessments (codes).
value-dpia = DPIA (effects on privacy)
value-iama = IAMA (human rights and algorithms)
value-fria = FRIA (fundamental rights, AI Act)
value-aiia = AIIA (effects of AI)
value-fraia = FRAIA (fundamental rights and algorithms)
value-deda = DEDA (data ethics)
value-utrecht-ethiek = Ethics check of Utrecht
value-toetsingskader-rekenkamer = Audit framework of the Netherlands Court of Audit
value-z-inspection = Z-Inspection
value-ethische-bijsluiter = The Ethical Leaflet (De Ethische Bijsluiter)
value-privacy-quickscan = Privacy Quickscan
value-pre-scan-dpia = First scan for a DPIA
value-other = Another assessment
value-none = No assessment named
