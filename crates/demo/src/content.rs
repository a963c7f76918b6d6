//! One version's content: built from an archetype and an organisation, changed a little from version
//! to version, and written out as a standard 1.0 or 0.4 document.

use serde_json::{Map, Value, json};

use crate::archetypes::{Archetype, Decides, Impact, Tech};
use crate::orgs::OrgProfile;
use crate::pools::*;
use crate::rng::Rng;
use crate::text::{Block, Month, Rich, Vars, decap, fill, fit, sentences};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Development,
    InUse,
    OutOfUse,
}

impl Status {
    pub(crate) fn wire(self) -> &'static str {
        match self {
            Status::Development => "In ontwikkeling",
            Status::InUse => "In gebruik",
            Status::OutOfUse => "Buiten gebruik",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PubCat {
    HighRiskAi,
    Impactful,
    Other,
}

impl PubCat {
    pub(crate) fn wire(self) -> &'static str {
        match self {
            PubCat::HighRiskAi => "Hoog-risico AI-systeem",
            PubCat::Impactful => "Impactvolle algoritmes",
            PubCat::Other => "Overige algoritmes",
        }
    }
}

/// Everything a version says, before it becomes a JSON document.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    pub name: String,
    pub short: String,
    pub short_index: usize,
    pub org_name: String,
    pub themes: Vec<&'static str>,
    pub status: Status,
    pub begin: Option<Month>,
    pub end: Option<Month>,
    pub status_note: Option<String>,
    pub contact: String,
    pub website: Option<String>,
    pub pubcat: PubCat,
    pub url: Option<String>,
    pub goal: Rich,
    pub proportionality: Rich,
    pub human: Rich,
    pub risks: Rich,
    pub lawful_basis: Rich,
    pub laws: Vec<(String, String)>,
    pub process_index_url: Option<String>,
    pub tests: Vec<(String, Option<String>)>,
    pub tests_text: Option<Rich>,
    pub source_data: Rich,
    pub sources: Vec<(String, String)>,
    pub methods: Rich,
    pub provider: Option<String>,
    pub publiccode: Option<String>,
    pub source_id: Option<String>,
    pub tags: Vec<String>,
    pub self_learning: bool,
}

pub(crate) struct Builder<'a> {
    pub arch: &'static Archetype,
    pub org: &'a OrgProfile,
}

impl Builder<'_> {
    fn vars<'b>(&'b self, when: &'b str) -> Vars<'b> {
        Vars {
            org: &self.org.name,
            place: &self.org.place,
            de_org: self.org.de_org,
            de_org_cap: self.org.de_org_cap,
            when,
        }
    }

    fn f(&self, tpl: &str) -> String {
        fill(tpl, &self.vars(""))
    }

    /// Picks `lo..=hi` texts from a pool, in pool order, filled.
    fn some(&self, rng: &mut Rng, pool: &[&str], lo: usize, hi: usize) -> Vec<String> {
        let k = rng.range(lo as i64, hi.min(pool.len()) as i64) as usize;
        rng.subset(pool.len(), k)
            .into_iter()
            .map(|i| self.f(pool[i]))
            .collect()
    }

    pub(crate) fn first(&self, rng: &mut Rng, created: Month, status: Status) -> Content {
        let a = self.arch;
        let org = self.org;

        // Name: an archetype variant, sometimes with the place or a phase.
        let mut name = self.f(rng.pick(a.names));
        if org.local && rng.chance(0.12) && !name.contains(&org.place) {
            name.push(' ');
            name.push_str(&org.place);
        } else if status == Status::Development && rng.chance(0.25) {
            name.push_str(" (pilot)");
        }
        let name = fit(name, 100);

        let short_index = rng.below(a.shorts.len());
        let short = fit(self.f(a.shorts[short_index]), 400);

        let mut themes = vec![a.themes[0]];
        for t in &a.themes[1..] {
            if themes.len() < 3 && rng.chance(0.6) {
                themes.push(t);
            }
        }
        if themes.len() < 3 && rng.chance(0.07) && !themes.contains(&T_ORG) {
            themes.push(T_ORG);
        }

        let contact = self.contact(rng);
        let website = rng.chance(0.7).then(|| self.website(rng));
        let pubcat = self.pubcat(rng);
        let source_id = if rng.chance(if org.habit_pick(3, 10) < 4 { 0.8 } else { 0.15 }) {
            Some(self.source_id(rng, created))
        } else {
            None
        };
        let url = (org.habit_pick(4, 10) < 3 && rng.chance(0.9)).then(|| {
            let tail = source_id
                .clone()
                .map(|s| s.to_lowercase())
                .unwrap_or_else(|| a.code.to_string());
            format!("https://algoritmes.{}/algoritme/{tail}", org.domain)
        });

        let goal = Rich::new(&self.goal(rng), 2500);
        let proportionality = Rich::new(&self.proportionality(rng), 2500);
        let human = Rich::new(
            &[Block::P(sentences(&self.some(
                rng,
                human_pool(a.decides),
                2,
                if a.impact == Impact::High { 3 } else { 2 },
            )))],
            2500,
        );
        let risks = Rich::new(&self.risks(rng), 2500);
        let (lawful_basis, laws) = self.lawful_basis(rng);
        let lawful_basis = Rich::new(&lawful_basis, 2500);
        let process_index_url = rng.chance(if a.personal { 0.7 } else { 0.25 }).then(|| {
            let paths = [
                "privacy/verwerkingsregister",
                "over-ons/privacy/register-van-verwerkingen",
                "verwerkingsregister",
            ];
            format!("https://www.{}/{}", org.domain, rng.pick(&paths))
        });
        let tests = self.tests(rng);
        let tests_text = rng
            .chance(0.75)
            .then(|| Rich::new(&self.tests_text(rng, !tests.is_empty()), 2500));
        let source_data = Rich::new(&self.source_data(rng), 2500);
        let sources: Vec<(String, String)> = a
            .refs
            .iter()
            .filter(|_| rng.chance(0.8))
            .map(|s| (s.title.to_string(), s.link.to_string()))
            .collect();
        let methods = Rich::new(&self.methods(rng), 5000);
        let provider = Some(self.provider(rng));
        let publiccode = rng
            .chance(if provider.as_deref() == Some(INTERN) {
                0.22
            } else {
                0.04
            })
            .then(|| self.publiccode(rng));
        let tags = self.tags(rng);
        let self_learning = a.tech.self_learning().unwrap_or_else(|| rng.chance(0.5));

        Content {
            name,
            short,
            short_index,
            org_name: fit(org.name.clone(), 100),
            themes,
            status,
            begin: None,
            end: None,
            status_note: None,
            contact,
            website,
            pubcat,
            url,
            goal,
            proportionality,
            human,
            risks,
            lawful_basis,
            laws,
            process_index_url,
            tests,
            tests_text,
            source_data,
            sources,
            methods,
            provider,
            publiccode,
            source_id,
            tags,
            self_learning,
        }
    }

    fn contact(&self, rng: &mut Rng) -> String {
        // Mostly the organisation's usual address; sometimes another one.
        let style = if rng.chance(0.9) {
            self.org.habit_pick(1, 10)
        } else {
            rng.below(10)
        };
        let d = &self.org.domain;
        match style {
            0..=3 => format!("algoritmes@{d}"),
            4 => format!("algoritmeregister@{d}"),
            5 => format!("privacy@{d}"),
            6 => format!("info@{d}"),
            7 => format!("https://www.{d}/contact"),
            8 => format!("https://www.{d}/contactformulier"),
            _ => format!("https://www.{d}/vragen-over-algoritmes"),
        }
    }

    fn website(&self, rng: &mut Rng) -> String {
        const SECTIONS: &[&str] = &[
            "algoritmes",
            "over-ons/algoritmes",
            "bestuur-en-organisatie/algoritmeregister",
            "privacy/algoritmes",
            "digitaal/algoritmes",
        ];
        let section = if rng.chance(0.85) {
            SECTIONS[self.org.habit_pick(2, SECTIONS.len())]
        } else {
            rng.pick(SECTIONS)
        };
        format!(
            "https://www.{}/{section}/{}",
            self.org.domain, self.arch.code
        )
    }

    fn pubcat(&self, rng: &mut Rng) -> PubCat {
        let a = self.arch;
        let x = rng.unit();
        match a.impact {
            Impact::High if a.tech.is_ai() => {
                if x < 0.5 {
                    PubCat::HighRiskAi
                } else if x < 0.9 {
                    PubCat::Impactful
                } else {
                    PubCat::Other
                }
            }
            Impact::High => {
                if x < 0.8 {
                    PubCat::Impactful
                } else {
                    PubCat::Other
                }
            }
            Impact::Medium if a.tech.is_ai() && a.decides == Decides::Advice => {
                if x < 0.15 {
                    PubCat::HighRiskAi
                } else if x < 0.55 {
                    PubCat::Impactful
                } else {
                    PubCat::Other
                }
            }
            Impact::Medium => {
                if x < 0.45 {
                    PubCat::Impactful
                } else {
                    PubCat::Other
                }
            }
            Impact::Low => {
                if x < 0.08 {
                    PubCat::Impactful
                } else {
                    PubCat::Other
                }
            }
        }
    }

    fn source_id(&self, rng: &mut Rng, created: Month) -> String {
        let n = rng.range(1, 240);
        match self.org.habit_pick(5, 4) {
            0 => format!("ALG-{}-{n:03}", created.year),
            1 => format!("A{:04}", rng.range(100, 9999)),
            2 => {
                let prefix: String = self
                    .org
                    .slug
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(4)
                    .collect();
                format!("{}-ALG-{n:03}", prefix.to_uppercase())
            }
            _ => format!("REG-{:05}", rng.range(1, 40_000)),
        }
    }

    fn goal(&self, rng: &mut Rng) -> Vec<Block> {
        let a = self.arch;
        let mut first = vec![self.f(a.goal[0])];
        let rest = &a.goal[1..];
        let k = rng.range(1, rest.len() as i64) as usize;
        for i in rng.subset(rest.len(), k) {
            first.push(self.f(rest[i]));
        }
        let mut blocks = vec![Block::P(sentences(&first))];
        let mut second = self.some(rng, impact_pool(a.decides), 1, 2);
        if rng.chance(0.35) {
            let fitting: Vec<&str> = ABBREVIATIONS
                .iter()
                .filter(|(key, _)| {
                    a.tags.contains(key) || (a.personal && (*key == "AVG" || *key == "BSN"))
                })
                .map(|(_, s)| *s)
                .collect();
            if !fitting.is_empty() {
                second.push(rng.pick(&fitting).to_string());
            }
        }
        blocks.push(Block::P(sentences(&second)));
        blocks
    }

    fn proportionality(&self, rng: &mut Rng) -> Vec<Block> {
        let a = self.arch;
        let benefits = self.some(
            rng,
            benefit_pool(a.tech),
            1,
            if a.impact == Impact::Low { 1 } else { 2 },
        );
        let mut cons = self.some(rng, DRAWBACKS, 1, 1);
        if a.personal {
            cons.push(self.f(rng.pick(DRAWBACKS_PERSONAL)));
        }
        let mut weigh = self.some(rng, ALTERNATIVES, 1, 1);
        weigh.extend(self.some(rng, CONCLUSIONS, 1, 1));
        let mut p1 = vec![format!("Voordelen: {}", decap(&benefits[0]))];
        p1.extend(benefits.into_iter().skip(1));
        if rng.chance(0.5) {
            vec![
                Block::P(sentences(&p1)),
                Block::P(sentences(&cons)),
                Block::P(sentences(&weigh)),
            ]
        } else {
            let mut all = p1;
            all.extend(cons);
            vec![Block::P(sentences(&all)), Block::P(sentences(&weigh))]
        }
    }

    fn risks(&self, rng: &mut Rng) -> Vec<Block> {
        let a = self.arch;
        let specific = risk_pool(a.tech);
        let mut items: Vec<String> = Vec::new();
        let k = rng.range(1, 2) as usize;
        for i in rng.subset(specific.len(), k) {
            let (r, m) = specific[i];
            items.push(format!("{r} {m}"));
        }
        if items.len() < 2 || rng.chance(0.5) {
            let (r, m) = rng.pick(RISKS_GENERIC);
            items.push(format!("{r} {m}"));
        }
        if a.impact == Impact::High {
            let pool = if a.decides == Decides::Automated {
                RISKS_HIGH_AUTOMATED
            } else {
                RISKS_HIGH_ADVICE
            };
            let (r, m) = rng.pick(pool);
            items.push(format!("{r} {m}"));
        }
        vec![
            Block::P(rng.pick(RISK_INTROS).to_string()),
            Block::Ul(items),
        ]
    }

    fn lawful_basis(&self, rng: &mut Rng) -> (Vec<Block>, Vec<(String, String)>) {
        let a = self.arch;
        let mut text = vec![self.f(rng.pick(LAW_OPENERS))];
        let mut links = Vec::new();
        for (i, (law, article)) in a.laws.iter().enumerate() {
            if i > 0 && !rng.chance(0.75) {
                continue;
            }
            if law.title.starts_with("Algemene verordening") && a.personal {
                // Covered by the personal-data sentence below.
            } else if text.len() < 2 {
                let art = if article.is_empty() {
                    String::new()
                } else {
                    format!(" ({article})")
                };
                text.push(format!("In de {}{art} staat dat {}.", law.title, law.about));
            }
            let title = if !article.is_empty() && rng.chance(0.6) {
                format!("{}, {article}", law.title)
            } else {
                law.title.to_string()
            };
            let link = if law.id.starts_with("https://") {
                law.id.to_string()
            } else if rng.chance(0.3) {
                format!(
                    "https://wetten.overheid.nl/{}/{}-01-01",
                    law.id,
                    rng.range(2021, 2025)
                )
            } else {
                format!("https://wetten.overheid.nl/{}", law.id)
            };
            links.push((fit(title, 100), link));
        }
        let mut blocks = vec![Block::P(sentences(&text))];
        if a.personal {
            blocks.push(Block::P(rng.pick(LAW_PERSONAL).to_string()));
        }
        (blocks, links)
    }

    fn test_link(&self, rng: &mut Rng, code: &str) -> Option<String> {
        rng.chance(0.45).then(|| {
            format!(
                "https://www.{}/documenten/{}-{code}.pdf",
                self.org.domain, self.arch.code
            )
        })
    }

    fn test_title(rng: &mut Rng, idx: usize) -> (String, &'static str) {
        let (code, long, short) = TESTS[idx];
        (if rng.chance(0.5) { long } else { short }.to_string(), code)
    }

    fn tests(&self, rng: &mut Rng) -> Vec<(String, Option<String>)> {
        let a = self.arch;
        let mut out = Vec::new();
        let add = |rng: &mut Rng, idx: usize, out: &mut Vec<(String, Option<String>)>| {
            let (title, code) = Self::test_title(rng, idx);
            let link = self.test_link(rng, code);
            out.push((title, link));
        };
        if a.personal {
            if rng.chance(0.7) {
                add(rng, 0, &mut out); // DPIA
            } else if rng.chance(0.4) {
                add(rng, 6, &mut out); // pre-scan
            } else if rng.chance(0.3) {
                add(rng, 7, &mut out); // quickscan
            }
        } else if rng.chance(0.15) {
            let which = if rng.chance(0.5) { 6 } else { 7 };
            add(rng, which, &mut out);
        }
        let high = a.impact == Impact::High;
        if rng.chance(if high {
            0.55
        } else if a.impact == Impact::Medium {
            0.2
        } else {
            0.04
        }) {
            add(rng, 1, &mut out); // IAMA
        } else if high && rng.chance(0.25) {
            let which = if rng.chance(0.5) { 3 } else { 2 };
            add(rng, which, &mut out); // FRAIA / FRIA
        }
        if a.tech.is_ai() && rng.chance(0.15) {
            add(rng, 4, &mut out); // AIIA
        }
        if self.org.kind == crate::archetypes::G && rng.chance(0.05) {
            add(rng, 5, &mut out); // DEDA
        }
        if rng.chance(0.05) {
            out.push((rng.pick(FREE_TESTS).to_string(), None));
        }
        out
    }

    fn tests_text(&self, rng: &mut Rng, done: bool) -> Vec<Block> {
        let pool = if done {
            TESTS_DONE_TEXT
        } else {
            TESTS_NONE_TEXT
        };
        let mut s = self.some(rng, pool, 1, 2);
        if !done && !self.arch.personal && rng.chance(0.5) {
            s = vec![TESTS_NONE_TEXT[0].to_string()];
        }
        vec![Block::P(sentences(&s))]
    }

    fn source_data(&self, rng: &mut Rng) -> Vec<Block> {
        let a = self.arch;
        let k = rng.range(2.min(a.data.len() as i64), a.data.len() as i64) as usize;
        let mut idx = rng.subset(a.data.len(), k);
        if !idx.contains(&0) {
            idx.insert(0, 0);
            idx.pop();
        }
        let items: Vec<String> = idx.into_iter().map(|i| self.f(a.data[i])).collect();
        let closing = if a.personal {
            self.some(rng, DATA_PERSONAL, 1, 2)
        } else {
            self.some(rng, DATA_NONPERSONAL, 1, 1)
        };
        vec![
            Block::P(rng.pick(DATA_INTROS).to_string()),
            Block::Ul(items),
            Block::P(sentences(&closing)),
        ]
    }

    fn methods(&self, rng: &mut Rng) -> Vec<Block> {
        let a = self.arch;
        let model = self.f(rng.pick(model_pool(a.tech)));
        let input = match a.data.len() {
            0 => "de gegevens die onder Gegevens staan".to_string(),
            1 => decap(&self.f(a.data[0])),
            _ => format!(
                "{} en {}",
                decap(&self.f(a.data[0])),
                decap(&self.f(a.data[1]))
            ),
        };
        let output = rng.pick(output_pool(a.decides, a.tech)).to_string();
        let items = vec![
            format!("Invoer: {input}."),
            format!("Werking: {}", self.f(a.method[0])),
            format!("Uitvoer: {output}."),
        ];
        let mut closing: Vec<String> = a.method[1..].iter().map(|m| self.f(m)).collect();
        closing.extend(self.some(rng, VALIDATION, 1, 1));
        vec![
            Block::P(model),
            Block::Ul(items),
            Block::P(sentences(&closing)),
        ]
    }

    fn provider(&self, rng: &mut Rng) -> String {
        let named: Vec<&str> = self
            .arch
            .providers
            .iter()
            .copied()
            .filter(|p| *p != INTERN)
            .collect();
        if named.is_empty() || rng.chance(0.25) {
            INTERN.to_string()
        } else {
            rng.pick(&named).to_string()
        }
    }

    fn publiccode(&self, rng: &mut Rng) -> String {
        let s = &self.org.slug;
        let c = self.arch.code;
        match rng.below(10) {
            0..=5 => format!("https://github.com/{s}/{c}"),
            6..=7 => format!("https://gitlab.com/{s}/{c}"),
            _ => format!("https://git.{}/algoritmes/{c}", self.org.domain),
        }
    }

    fn tags(&self, rng: &mut Rng) -> Vec<String> {
        let a = self.arch;
        let k = rng.range(4.min(a.tags.len() as i64), a.tags.len() as i64) as usize;
        let mut tags: Vec<String> = rng
            .subset(a.tags.len(), k)
            .into_iter()
            .map(|i| a.tags[i].to_string())
            .collect();
        if a.personal && rng.chance(0.5) && !tags.iter().any(|t| t == "AVG") {
            tags.push("AVG".into());
        }
        if self.org.local && rng.chance(0.2) {
            tags.push(self.org.place.clone());
        }
        if a.tech.is_ai() && rng.chance(0.3) {
            tags.push("AI".into());
        }
        tags
    }

    // ------------------------------------------------------------------------- later versions

    /// Changes one to three things, as a later version does. `when` = the month of the change.
    /// Every change is visible in the document of the given standard (`legacy` = 0.4).
    pub(crate) fn evolve(&self, rng: &mut Rng, c: &mut Content, when: Month, legacy: bool) {
        let when_s = when.dutch();
        let vars = self.vars(&when_s);
        let changes = rng.range(1, 3);
        for _ in 0..changes {
            let visible = match rng.below(10) {
                0 | 1 => false, // the risk update below
                2 => c.human.push_p(&fill(rng.pick(HUMAN_UPDATES), &vars)),
                3 => {
                    let p = self.provider(rng);
                    let new = c.provider.as_deref() != Some(p.as_str());
                    c.provider = Some(p);
                    new
                }
                4 if !legacy => {
                    c.pubcat = match c.pubcat {
                        PubCat::Other => PubCat::Impactful,
                        PubCat::Impactful
                            if self.arch.tech.is_ai() && self.arch.impact == Impact::High =>
                        {
                            PubCat::HighRiskAi
                        }
                        PubCat::Impactful => PubCat::Other,
                        PubCat::HighRiskAi => PubCat::Impactful,
                    };
                    true
                }
                5 if !c.tests.iter().any(|(t, _)| t.contains("IAMA")) => {
                    let (title, code) = Self::test_title(rng, 1);
                    let link = self.test_link(rng, code);
                    c.tests.push((title, link));
                    c.tests_text = Some(Rich::new(&self.tests_text(rng, true), 2500));
                    true
                }
                6 if self.arch.shorts.len() > 1 => {
                    c.short_index = (c.short_index + 1) % self.arch.shorts.len();
                    c.short = fit(self.f(self.arch.shorts[c.short_index]), 400);
                    true
                }
                7 => {
                    let tag = rng.pick(&["evaluatie", "herziening", "update", "verantwoording"]);
                    let new = !c.tags.iter().any(|t| t == tag);
                    if new {
                        c.tags.push(tag.to_string());
                    }
                    new
                }
                8 => c
                    .source_data
                    .push_li(&fill(rng.pick(SOURCE_UPDATES), &vars)),
                9 if c.website.is_none() => {
                    c.website = Some(self.website(rng));
                    true
                }
                9 if c.process_index_url.is_none() && !legacy => {
                    c.process_index_url = Some(format!(
                        "https://www.{}/privacy/verwerkingsregister",
                        self.org.domain
                    ));
                    true
                }
                _ => false,
            };
            if !visible {
                // A risk update not given before (the month makes repeats unlikely anyway).
                let mut text = fill(rng.pick(RISK_UPDATES), &vars);
                for _ in 0..3 {
                    if !c.risks.has_paragraph(&text) {
                        break;
                    }
                    text = fill(rng.pick(RISK_UPDATES), &vars);
                }
                c.risks.push_p(&text);
            }
        }
    }

    /// Sets the status and the matching dates and note.
    pub(crate) fn set_status(
        &self,
        rng: &mut Rng,
        c: &mut Content,
        status: Status,
        begin: Option<Month>,
        end: Option<Month>,
        now_year: i32,
    ) {
        c.status = status;
        c.begin = begin;
        c.end = end;
        c.status_note = match status {
            Status::InUse => None,
            Status::Development => {
                let y = (begin.map_or(now_year, |b| b.year)).max(now_year);
                Some(format!(
                    "Het algoritme is nog in ontwikkeling. {}",
                    if rng.chance(0.5) {
                        format!(
                            "We verwachten het in {} in gebruik te nemen.",
                            y + rng.range(0, 1) as i32
                        )
                    } else {
                        "Eerst wordt het in een proef getest.".to_string()
                    }
                ))
            }
            Status::OutOfUse => {
                let since = end
                    .map(|e| format!(" sinds {}", e.dutch()))
                    .unwrap_or_default();
                let why = rng.pick(&[
                    "Het is vervangen door een nieuwe werkwijze.",
                    "De proef is afgerond en niet voortgezet.",
                    "Het contract met de leverancier is beëindigd.",
                    "Uit een evaluatie bleek dat het niet genoeg opleverde.",
                ]);
                Some(format!(
                    "Het algoritme is{since} niet meer in gebruik. {why}"
                ))
            }
        };
    }
}

fn impact_pool(d: Decides) -> &'static [&'static str] {
    match d {
        Decides::Advice => IMPACT_ADVICE,
        Decides::Automated => IMPACT_AUTOMATED,
        Decides::Support => IMPACT_SUPPORT,
        Decides::Public => IMPACT_PUBLIC,
    }
}

fn human_pool(d: Decides) -> &'static [&'static str] {
    match d {
        Decides::Advice => HUMAN_ADVICE,
        Decides::Automated => HUMAN_AUTOMATED,
        Decides::Support => HUMAN_SUPPORT,
        Decides::Public => HUMAN_PUBLIC,
    }
}

fn output_pool(d: Decides, t: Tech) -> &'static [&'static str] {
    match (d, t) {
        (Decides::Advice, _) => OUTPUT_ADVICE,
        (Decides::Automated, _) => OUTPUT_AUTOMATED,
        (Decides::Public, _) => OUTPUT_PUBLIC,
        (Decides::Support, Tech::Rules) => OUTPUT_SUPPORT_RULES,
        (Decides::Support, Tech::Stats | Tech::Ml) => OUTPUT_SUPPORT_MODEL,
        (Decides::Support, Tech::Vision) => OUTPUT_SUPPORT_VISION,
        (Decides::Support, Tech::Optim) => OUTPUT_SUPPORT_OPTIM,
        (Decides::Support, Tech::Forecast) => OUTPUT_SUPPORT_FORECAST,
        (Decides::Support, Tech::Sensor) => OUTPUT_SUPPORT_SENSOR,
        (Decides::Support, Tech::Language) => OUTPUT_SUPPORT_LANGUAGE,
    }
}

fn benefit_pool(t: Tech) -> &'static [&'static str] {
    match t {
        Tech::Rules => BENEFIT_RULES,
        Tech::Stats => BENEFIT_STATS,
        Tech::Ml => BENEFIT_ML,
        Tech::Vision => BENEFIT_VISION,
        Tech::Language => BENEFIT_LANGUAGE,
        Tech::Optim => BENEFIT_OPTIM,
        Tech::Forecast => BENEFIT_FORECAST,
        Tech::Sensor => BENEFIT_SENSOR,
    }
}

fn risk_pool(t: Tech) -> &'static [RiskPair] {
    match t {
        Tech::Rules => RISKS_RULES,
        Tech::Stats | Tech::Ml => RISKS_MODEL,
        Tech::Vision => RISKS_VISION,
        Tech::Language => RISKS_LANGUAGE,
        Tech::Optim | Tech::Forecast | Tech::Sensor => RISKS_OPERATIONS,
    }
}

fn model_pool(t: Tech) -> &'static [&'static str] {
    match t {
        Tech::Rules => MODEL_RULES,
        Tech::Stats => MODEL_STATS,
        Tech::Ml => MODEL_ML,
        Tech::Vision => MODEL_VISION,
        Tech::Language => MODEL_LANGUAGE,
        Tech::Optim => MODEL_OPTIM,
        Tech::Forecast => MODEL_FORECAST,
        Tech::Sensor => MODEL_SENSOR,
    }
}

fn goal_html(c: &Content) -> String {
    match &c.status_note {
        None => c.goal.html().to_string(),
        Some(note) => c.goal.with_p(note),
    }
}

fn grouping(items: &[(String, String)]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|(t, l)| json!({ "title": t, "link": l }))
            .collect(),
    )
}

/// The document in standard 1.0, keys in the standard's order.
pub(crate) fn to_v1_0(c: &Content, lars: &str) -> Map<String, Value> {
    let mut m = Map::with_capacity(32);
    let s = |v: &str| Value::String(v.to_string());
    m.insert("name".into(), s(&c.name));
    m.insert("description_short".into(), s(&c.short));
    m.insert("organization".into(), s(&c.org_name));
    m.insert(
        "category".into(),
        Value::Array(c.themes.iter().map(|t| s(t)).collect()),
    );
    m.insert("status".into(), s(c.status.wire()));
    if let Some(b) = c.begin {
        m.insert("begin_date".into(), Value::String(b.wire()));
    }
    if let Some(e) = c.end {
        m.insert("end_date".into(), Value::String(e.wire()));
    }
    m.insert("contact_email".into(), s(&c.contact));
    if let Some(w) = &c.website {
        m.insert("website".into(), s(w));
    }
    m.insert("publication_category".into(), s(c.pubcat.wire()));
    if let Some(u) = &c.url {
        m.insert("url".into(), s(u));
    }
    m.insert("goal".into(), Value::String(goal_html(c)));
    m.insert(
        "proportionality".into(),
        Value::String(c.proportionality.html().to_string()),
    );
    m.insert(
        "human_intervention".into(),
        Value::String(c.human.html().to_string()),
    );
    m.insert("risks".into(), Value::String(c.risks.html().to_string()));
    m.insert(
        "lawful_basis".into(),
        Value::String(c.lawful_basis.html().to_string()),
    );
    if !c.laws.is_empty() {
        m.insert("lawful_basis_grouping".into(), grouping(&c.laws));
    }
    if let Some(u) = &c.process_index_url {
        m.insert("process_index_url".into(), s(u));
    }
    if !c.tests.is_empty() {
        let items = c
            .tests
            .iter()
            .map(|(t, l)| match l {
                Some(l) => json!({ "title": t, "link": l }),
                None => json!({ "title": t }),
            })
            .collect();
        m.insert("impacttoetsen_grouping".into(), Value::Array(items));
    }
    if let Some(t) = &c.tests_text {
        m.insert("impacttoetsen".into(), Value::String(t.html().to_string()));
    }
    m.insert(
        "source_data".into(),
        Value::String(c.source_data.html().to_string()),
    );
    if !c.sources.is_empty() {
        m.insert("source_data_grouping".into(), grouping(&c.sources));
    }
    m.insert(
        "methods_and_models".into(),
        Value::String(c.methods.html().to_string()),
    );
    if let Some(p) = &c.provider {
        m.insert("provider".into(), s(p));
    }
    if let Some(p) = &c.publiccode {
        m.insert("publiccode".into(), s(p));
    }
    m.insert("lang".into(), s("nld"));
    m.insert("standard_version".into(), s("1.0"));
    if let Some(id) = &c.source_id {
        m.insert("source_id".into(), s(id));
    }
    m.insert("tags".into(), Value::String(fit(c.tags.join(", "), 2500)));
    m.insert("lars".into(), s(lars));
    m
}

/// The document in standard 0.4 (its own keys and themes; no publication category or groupings).
pub(crate) fn to_v0_4(c: &Content, lars: &str) -> Map<String, Value> {
    let mut m = Map::with_capacity(32);
    let s = |v: &str| Value::String(v.to_string());
    m.insert("name".into(), s(&c.name));
    m.insert("organization".into(), s(&c.org_name));
    m.insert(
        "description_short".into(),
        Value::String(fit(c.short.clone(), 250)),
    );
    m.insert("type".into(), s(if c.self_learning { "Ja" } else { "Nee" }));
    let mut cats: Vec<&str> = Vec::new();
    for t in &c.themes {
        let t4 = theme_v0_4(t);
        if !cats.contains(&t4) {
            cats.push(t4);
        }
    }
    m.insert(
        "category".into(),
        Value::Array(cats.into_iter().map(s).collect()),
    );
    if let Some(w) = &c.website {
        m.insert("website".into(), s(w));
    }
    m.insert("status".into(), s(c.status.wire()));
    if let Some(b) = c.begin {
        m.insert("begin_date".into(), Value::String(b.wire()));
    }
    if let Some(e) = c.end {
        m.insert("end_date".into(), Value::String(e.wire()));
    }
    m.insert("goal".into(), Value::String(goal_html(c)));
    m.insert(
        "proportionality".into(),
        Value::String(c.proportionality.html().to_string()),
    );
    if let Some(p) = &c.provider {
        m.insert("provider".into(), s(p));
    }
    m.insert(
        "lawful_basis".into(),
        Value::String(c.lawful_basis.html().to_string()),
    );
    if let Some((_, link)) = c.laws.first() {
        m.insert("lawful_basis_link".into(), s(link));
    }
    if !c.tests.is_empty() {
        m.insert(
            "impacttoetsen".into(),
            Value::Array(c.tests.iter().map(|(t, _)| s(t)).collect()),
        );
    }
    let links: Vec<String> = c
        .tests
        .iter()
        .filter_map(|(t, l)| l.as_ref().map(|l| format!("{t}: {l}")))
        .collect();
    if !links.is_empty() {
        let mut text = String::new();
        for l in links {
            if text.chars().count() + l.chars().count() + 2 > 500 {
                break;
            }
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&l);
        }
        m.insert("iama_description".into(), Value::String(text));
    }
    if let Some(u) = &c.url {
        m.insert("url".into(), s(u));
    }
    m.insert("contact_email".into(), s(&c.contact));
    m.insert("lang".into(), s("nld"));
    m.insert("standard_version".into(), s("0.4"));
    if let Some(id) = &c.source_id {
        m.insert("source_id".into(), s(id));
    }
    m.insert("tags".into(), Value::String(fit(c.tags.join(", "), 2500)));
    m.insert(
        "source_data".into(),
        Value::String(c.source_data.html().to_string()),
    );
    if let Some((_, link)) = c.sources.first() {
        m.insert("source_data_link".into(), s(link));
    }
    m.insert(
        "methods_and_models".into(),
        Value::String(c.methods.html().to_string()),
    );
    if let Some(p) = &c.publiccode {
        m.insert("publiccode".into(), s(p));
    }
    m.insert(
        "human_intervention".into(),
        Value::String(c.human.html().to_string()),
    );
    m.insert("risks".into(), Value::String(c.risks.html().to_string()));
    m.insert("lars".into(), s(lars));
    m
}
