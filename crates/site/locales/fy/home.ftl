# Begjinside.
home-page-title = Hokker algoritmes brûkt de oerheid?
home-title = Hokker algoritmes brûkt de oerheid?
home-lead = Gemeenten, provinsjes, wetterskippen en oare oerheden beskriuwe hjir harren algoritmes: wat se dogge, wêrom, mei hokker gegevens en wa't derop let.
home-stat-descriptions = beskriuwingen
home-stat-organisations = organisaasjes
home-stat-high-risk = heech-risiko AI-systemen
home-latest = Krekt publisearre
home-latest-all = Alle beskriuwingen, nijste earst
home-by-category = Op soarte algoritme
home-by-category-lead = Heech-risiko AI-systemen falle ûnder de Europeeske AI-feroardering. Dêr jilde de strangste regels foar.
home-by-theme = Op ûnderwerp
