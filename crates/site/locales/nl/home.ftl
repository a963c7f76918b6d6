# Home.
home-page-title = Welke algoritmes gebruikt de overheid?
home-title = Welke algoritmes gebruikt de overheid?
home-lead = Gemeenten, provincies, waterschappen en andere overheden beschrijven hier hun algoritmes: wat ze doen, waarom, met welke gegevens en wie erop let.
home-stat-descriptions = beschrijvingen
home-stat-organisations = organisaties
home-stat-high-risk = hoog-risico AI-systemen
home-latest = Net gepubliceerd
home-latest-all = Alle beschrijvingen, nieuwste eerst
home-by-category = Op soort algoritme
home-by-category-lead = Hoog-risico AI-systemen vallen onder de Europese AI-verordening. Daar gelden de strengste regels voor.
home-by-theme = Op onderwerp
