# Nammen fan de wearden út de listen fan de standert, en fan de soarten organisaasjes.
# Kaai: value- en dan de wearde as slug (algoreg_site::i18n::key_slug).
# Underwerpen (fjild category).
value-organisatie-en-bedrijfsvoering = Organisaasje en bedriuwsfiering
value-cultuur-en-recreatie = Kultuer en rekreaasje
value-economie = Ekonomy
value-overheidsfinancien = Oerheidsfinânsjes
value-wonen = Wenjen
value-internationaal = Ynternasjonaal
value-migratie-en-integratie = Migraasje en yntegraasje
value-natuur-en-milieu = Natuer en miljeu
value-onderwijs-en-wetenschap = Underwiis en wittenskip
value-openbare-orde-en-veiligheid = Iepenbiere oarder en feiligens
value-recht = Rjocht
value-ruimte-en-infrastructuur = Romte en ynfrastruktuer
value-sociale-zekerheid = Sosjale feiligens
value-verkeer = Ferkear
value-werk = Wurk
value-zorg-en-gezondheid = Soarch en sûnens
# Status.
value-in-ontwikkeling = Yn ûntwikkeling
value-in-gebruik = Yn gebrûk
value-buiten-gebruik = Net mear yn gebrûk
# Soart algoritme (fjild publication_category).
value-hoog-risico-ai-systeem = AI-systeem mei heech risiko
value-impactvolle-algoritmes = Algoritme mei gefolgen
value-overige-algoritmes = Oar algoritme
# Soarten organisaasjes.
value-gemeente = Gemeente
value-provincie = Provinsje
value-waterschap = Wetterskip
value-ministerie = Ministearje
value-zelfstandig-bestuursorgaan = Selsstannich bestjoersorgaan
value-veiligheidsregio = Feiligensregio
value-omgevingsdienst = Omjouwingstsjinst
value-politie = Plysje
value-rechtspraak = Rjochtspraak
value-agentschap = Agintskip
value-adviescollege = Advyskolleezje
value-inspectie = Ynspeksje
value-hoog-college-van-staat = Heech Kolleezje fan Steat
value-koepelorganisatie = Koepelorganisaasje
value-organisatieonderdeel = Diel fan in organisaasje
value-brandweer = Brânwar
value-caribisch-openbaar-lichaam = Iepenbier lichem yn Karibysk Nederlân
value-interdepartementale-commissie = Kommisje fan mear ministearjes
value-kabinet-van-de-koning = Kabinet fan de Kening
value-openbaar-lichaam-voor-beroep-en-bedrijf = Iepenbier lichem foar berop en bedriuw
value-organisatie-met-overheidsbemoeienis = Organisaasje mei in taak fan de oerheid
value-regionaal-samenwerkingsorgaan = Regionaal gearwurkingsorgaan
value-regionaal-samenwerkingsverband = Regionaal gearwurkingsferbân
value-grensoverschrijdend-regionaal-samenwerkingsorgaan = Gearwurking oer de grins
value-overig = Oare organisaasje
# Toetsen op gefolgen (koades).
value-dpia = DPIA (gefolgen foar privacy)
value-iama = IAMA (minskerjochten en algoritmes)
value-fria = FRIA (grûnrjochten, AI-feroardering)
value-aiia = AIIA (gefolgen fan AI)
value-fraia = FRAIA (grûnrjochten en algoritmes)
value-deda = DEDA (etyk fan data)
value-utrecht-ethiek = Etyske toets fan Utert
value-toetsingskader-rekenkamer = Toetsingskader fan de Algemiene Rekkenkeamer
value-z-inspection = Z-Inspection
value-ethische-bijsluiter = De Ethische Bijsluiter
value-privacy-quickscan = Privacy Quickscan
value-pre-scan-dpia = Foarscan foar in DPIA
value-other = In oare toets
value-none = Gjin toets neamd
