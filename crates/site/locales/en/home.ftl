# Home.
home-page-title = Which algorithms does government use?
home-title = Which algorithms does government use?
home-lead = Municipalities, provinces, water authorities and other public bodies describe their algorithms here: what they do, why, with which data, and who keeps an eye on them.
home-stat-descriptions = descriptions
home-stat-organisations = organisations
home-stat-high-risk = high-risk AI systems
home-latest = Just published
home-latest-all = All descriptions, newest first
home-by-category = By kind of algorithm
home-by-category-lead = High-risk AI systems fall under the European AI Act. The strictest rules apply to them.
home-by-theme = By subject
