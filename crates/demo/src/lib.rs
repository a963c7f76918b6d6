//! algoreg-demo: a deterministic generator of realistic, varied Dutch demo descriptions of algorithms
//! used by Dutch public bodies, with version histories.
//!
//! - **Deterministic**: the same `(count, seed, now, orgs)` gives the same output, byte for byte, on
//!   every platform. A small built-in PRNG (SplitMix64) is used, never `rand`, and no floating-point
//!   function whose result could differ between platforms.
//! - **Lazy and independent**: [`generate`] returns an iterator; item `i` is built from its own stream
//!   derived from `(seed, i)`, and its Algoritme-ID is a keyed bijection of `i`, so IDs never collide.
//! - **Realistic**: 76 archetypes of algorithms (see `archetypes.rs`) fitted to the type of each
//!   organisation, combined with shared sentence pools; all texts are written for this project.
//!
//! Never does: I/O, reading the real register, or holding the whole data set in memory.

mod archetypes;
mod content;
mod orgs;
mod pools;
mod rng;
mod text;

use algoreg_domain::{AlgorithmId, OrgCode, OrgType, VersionState};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::archetypes::{ARCHETYPES, Archetype};
use crate::content::{Builder, Content, Status};
use crate::orgs::OrgProfile;
use crate::rng::{ID_SPACE, Rng, scramble_id};
use crate::text::Month;

pub use crate::orgs::sample_orgs;
pub use crate::pools::{THEMES_V0_4, THEMES_V1_0};
pub use crate::text::stripped_len;

/// An organisation that descriptions may be generated for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoOrg {
    pub code: OrgCode,
    pub name: String,
    pub org_type: OrgType,
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoConfig {
    /// How many descriptions (at most 9^7 = 4,782,969, the number of Algoritme-IDs).
    pub count: usize,
    pub seed: u64,
    /// The latest moment any generated timestamp may have.
    pub now: DateTime<Utc>,
}

/// One version of a description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoVersion {
    /// A full standard document (1.0 mostly; 0.4 for about 5% of descriptions), keyed by wire keys.
    pub document: Map<String, Value>,
    pub state: VersionState,
    pub created_at: DateTime<Utc>,
    /// A plausible civil servant's name.
    pub author_name: String,
    pub state_changed_at: DateTime<Utc>,
    /// For rejected and retracted versions: the reason, in Dutch.
    pub state_reason: Option<String>,
    /// When it was published; kept on superseded, retracted and archived versions that were published.
    pub published_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
}

/// One description with its versions, oldest first (version number = index + 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoDescription {
    pub id: AlgorithmId,
    pub org: OrgCode,
    pub created_at: DateTime<Utc>,
    pub versions: Vec<DemoVersion>,
}

/// Generates `cfg.count` descriptions lazily. When `orgs` is empty, [`sample_orgs`] is used.
///
/// The iterator owns everything it needs (it borrows neither argument), so it can be moved to another
/// thread. `cfg.count` is capped at 4,782,969, the number of distinct Algoritme-IDs.
pub fn generate(
    cfg: &DemoConfig,
    orgs: &[DemoOrg],
) -> impl Iterator<Item = DemoDescription> + Send + use<> {
    let ctx = Ctx::new(cfg, orgs);
    let count = (cfg.count as u64).min(ID_SPACE) as usize;
    (0..count).map(move |i| ctx.item(i))
}

/// The number of archetypes the generator draws from.
pub fn archetype_count() -> usize {
    ARCHETYPES.len()
}

// ------------------------------------------------------------------------------------------------

/// 2020-01-01T00:00:00Z.
const EPOCH_2020: i64 = 1_577_836_800;
/// Descriptions in standard 0.4 were written before 1.0 took over: their history ends by mid-2025.
const V0_4_END: i64 = 1_751_241_600; // 2025-06-30
const DAY: i64 = 86_400;
/// The earliest begin date of an algorithm's use.
const EARLIEST_BEGIN: Month = Month {
    year: 2012,
    month: 1,
};

struct Ctx {
    seed: u64,
    start: i64,
    now: i64,
    orgs: Vec<OrgProfile>,
    /// Cumulative weights over `orgs`.
    org_cum: Vec<u64>,
    /// Per organisation kind bit (0..9): fitting archetype indices and their weights.
    by_kind: Vec<(Vec<usize>, Vec<u32>)>,
}

impl Ctx {
    fn new(cfg: &DemoConfig, orgs: &[DemoOrg]) -> Self {
        let fallback;
        let orgs = if orgs.is_empty() {
            fallback = sample_orgs();
            &fallback[..]
        } else {
            orgs
        };
        let profiles: Vec<OrgProfile> = orgs.iter().map(OrgProfile::new).collect();
        let mut acc = 0u64;
        let org_cum = profiles
            .iter()
            .map(|p| {
                acc += p.weight;
                acc
            })
            .collect();
        let by_kind = (0..9)
            .map(|bit| {
                let (idx, w): (Vec<usize>, Vec<u32>) = archetypes::fitting(1 << bit)
                    .map(|(i, a)| (i, a.weight))
                    .unzip();
                (idx, w)
            })
            .collect();
        let now = cfg.now.timestamp();
        let start = EPOCH_2020.min(now - 400 * DAY);
        Self {
            seed: cfg.seed,
            start,
            now,
            orgs: profiles,
            org_cum,
            by_kind,
        }
    }

    fn pick_org(&self, rng: &mut Rng) -> &OrgProfile {
        let total = *self.org_cum.last().expect("at least one organisation");
        let x = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
        let i = self.org_cum.partition_point(|&c| c <= x);
        &self.orgs[i.min(self.orgs.len() - 1)]
    }

    fn pick_archetype(&self, rng: &mut Rng, kind: u16) -> &'static Archetype {
        let bit = kind.trailing_zeros() as usize;
        let (idx, w) = &self.by_kind[bit];
        &ARCHETYPES[idx[rng.weighted(w)]]
    }

    fn item(&self, i: usize) -> DemoDescription {
        let mut rng = Rng::for_item(self.seed, i as u64);
        let id = AlgorithmId::from_digits(scramble_id(self.seed, i as u64)).expect("digits 1-9");
        let org = self.pick_org(&mut rng);
        let arch = self.pick_archetype(&mut rng, org.kind);
        let legacy = rng.chance(0.05);
        let end = if legacy && V0_4_END - self.start >= 400 * DAY {
            V0_4_END.min(self.now)
        } else {
            self.now
        };
        let plan = Plan::draw(&mut rng);
        let times = Timeline::draw(
            &mut rng,
            self.start,
            end,
            plan.len(),
            plan.final_event.is_some(),
        );
        let lars = id.as_string();
        let versions = self.versions(&mut rng, org, arch, &plan, &times, legacy, &lars);
        DemoDescription {
            id,
            org: org.code.clone(),
            created_at: ts(times.created[0]),
            versions,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn versions(
        &self,
        rng: &mut Rng,
        org: &OrgProfile,
        arch: &'static Archetype,
        plan: &Plan,
        times: &Timeline,
        legacy: bool,
        lars: &str,
    ) -> Vec<DemoVersion> {
        let n = plan.len();
        let b = Builder { arch, org };
        let statuses = plan.statuses(rng);
        let now_year = ts(self.now).year();

        // Document contents, one per version.
        let month_of = |t: i64| {
            let d = ts(t);
            Month {
                year: d.year(),
                month: d.month(),
            }
        };
        let mut contents: Vec<Content> = Vec::with_capacity(n);
        let mut begin: Option<Month> = None;
        for j in 0..n {
            let created = month_of(times.created[j]);
            let status = statuses[j];
            let mut c = if j == 0 {
                b.first(rng, created, status)
            } else {
                let mut c = contents[j - 1].clone();
                b.evolve(rng, &mut c, created, legacy);
                c
            };
            let prev = (j > 0).then(|| statuses[j - 1]);
            if prev != Some(status) {
                // Dates that fit the (new) status.
                let mut end = None;
                match status {
                    Status::Development => begin = None,
                    Status::InUse | Status::OutOfUse => {
                        if begin.is_none() {
                            begin = Some(if prev == Some(Status::Development) {
                                let lo = month_of(times.done[j - 1]).index();
                                Month::from_index(rng.range(lo, created.index().max(lo)))
                            } else {
                                // Up to six years before the description, not before 2012.
                                let back = rng.range(0, 72);
                                let floor = EARLIEST_BEGIN.index().min(created.index());
                                Month::from_index((created.index() - back).max(floor))
                            });
                        }
                        if status == Status::OutOfUse {
                            let lo = begin.map_or(created.index(), |b| b.index());
                            end = Some(Month::from_index(rng.range(lo, created.index().max(lo))));
                        }
                    }
                }
                // Some descriptions leave the optional begin date out.
                let shown_begin = if j == 0 && rng.chance(0.12) && status == Status::InUse {
                    None
                } else {
                    begin
                };
                b.set_status(rng, &mut c, status, shown_begin, end, now_year);
            }
            contents.push(c);
        }

        // States and timestamps.
        let main_author = person(rng);
        let colleague = person(rng);
        let mut out = Vec::with_capacity(n);
        for (j, c) in contents.iter().enumerate() {
            let created = times.created[j];
            let done = times.done[j];
            let is_top = plan.top.is_some() && j == n - 1;
            let last_published = plan.published.saturating_sub(1);
            let (state, changed, reason, published, superseded) = if is_top {
                let st = plan.top.expect("top");
                let reason = (st == VersionState::Rejected)
                    .then(|| rng.pick(pools::REJECT_REASONS).to_string());
                (st, done, reason, None, None)
            } else if j < last_published {
                let next = times.done[j + 1];
                (VersionState::Superseded, next, None, Some(done), Some(next))
            } else {
                // The newest published version.
                match (plan.final_event, times.final_event) {
                    (Some(st), Some(e)) => {
                        let reason = (st == VersionState::Retracted)
                            .then(|| rng.pick(pools::RETRACT_REASONS).to_string());
                        (st, e, reason, Some(done), None)
                    }
                    _ => (VersionState::Published, done, None, Some(done), None),
                }
            };
            let document = if legacy {
                content::to_v0_4(c, lars)
            } else {
                content::to_v1_0(c, lars)
            };
            out.push(DemoVersion {
                document,
                state,
                created_at: ts(created),
                author_name: if rng.chance(0.75) {
                    main_author.clone()
                } else {
                    colleague.clone()
                },
                state_changed_at: ts(changed),
                state_reason: reason,
                published_at: published.map(ts),
                superseded_at: superseded.map(ts),
            });
        }
        out
    }
}

fn ts(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("timestamp in range")
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        rng.pick(pools::FIRST_NAMES),
        rng.pick(pools::SURNAMES)
    )
}

/// The shape of a description's history.
struct Plan {
    /// Number of versions that were published (0 for never-published descriptions).
    published: usize,
    /// A work-in-progress version on top: draft, submitted or rejected.
    top: Option<VersionState>,
    /// What happened to the newest published version afterwards: retracted or archived.
    final_event: Option<VersionState>,
    /// The status of the newest version.
    final_status: Status,
}

impl Plan {
    fn draw(rng: &mut Rng) -> Self {
        use VersionState::*;
        // Per mille: draft only, submitted only, rejected only, published, + draft, + submitted,
        // + rejected, retracted, archived.
        let scenario = rng.weighted(&[55, 20, 8, 747, 60, 30, 20, 35, 25]);
        let chain = |rng: &mut Rng, max: usize| 1 + rng.weighted(&[55, 28, 12, 5][..max]);
        let (published, top, final_event) = match scenario {
            0 => (0, Some(Draft), None),
            1 => (0, Some(Submitted), None),
            2 => (0, Some(Rejected), None),
            3 => (chain(rng, 4), None, None),
            4 => (chain(rng, 3), Some(Draft), None),
            5 => (chain(rng, 3), Some(Submitted), None),
            6 => (chain(rng, 3), Some(Rejected), None),
            7 => (chain(rng, 3), None, Some(Retracted)),
            _ => (chain(rng, 3), None, Some(Archived)),
        };
        let final_status = match final_event {
            Some(Archived) if rng.chance(0.7) => Status::OutOfUse,
            Some(Retracted) if rng.chance(0.4) => Status::OutOfUse,
            _ => match rng.weighted(&[14, 78, 8]) {
                0 => Status::Development,
                1 => Status::InUse,
                _ => Status::OutOfUse,
            },
        };
        Self {
            published,
            top,
            final_event,
            final_status,
        }
    }

    fn len(&self) -> usize {
        self.published + usize::from(self.top.is_some())
    }

    /// The status of each version, moving forward in life: in development → in use → out of use.
    fn statuses(&self, rng: &mut Rng) -> Vec<Status> {
        let n = self.len();
        let mut s = vec![self.final_status; n];
        if n >= 2 {
            match self.final_status {
                Status::InUse if rng.chance(0.35) => {
                    let switch = rng.range(1, n as i64 - 1) as usize;
                    s[..switch].fill(Status::Development);
                }
                Status::OutOfUse if rng.chance(0.7) => s[..n - 1].fill(Status::InUse),
                _ => {}
            }
        }
        s
    }
}

/// Seconds since the epoch for every event: version `j` is created at `created[j]` and finished
/// (last edit, submission, rejection or publication) at `done[j]`; then maybe a retraction or archiving.
struct Timeline {
    created: Vec<i64>,
    done: Vec<i64>,
    final_event: Option<i64>,
}

impl Timeline {
    fn draw(rng: &mut Rng, start: i64, end: i64, n: usize, final_event: bool) -> Self {
        const HOUR: i64 = 3600;
        let min_span = 14 * DAY;
        // Later dates are more likely (the register grew over time): sqrt of a uniform number.
        let room = (end - min_span - start).max(0);
        let t0 = start + (rng.unit().sqrt() * room as f64) as i64;
        let avail = end - t0;

        // Segments: work, idle, work, idle, …, work, [idle before the final event].
        let mut segs: Vec<i64> = Vec::with_capacity(2 * n + 1);
        for j in 0..n {
            segs.push(match rng.weighted(&[30, 40, 30]) {
                0 => rng.range(HOUR, DAY),
                1 => rng.range(DAY, 7 * DAY),
                _ => rng.range(7 * DAY, 45 * DAY),
            });
            if j + 1 < n || final_event {
                segs.push(match rng.weighted(&[25, 45, 30]) {
                    0 => rng.range(7 * DAY, 60 * DAY),
                    1 => rng.range(60 * DAY, 240 * DAY),
                    _ => rng.range(240 * DAY, 600 * DAY),
                });
            }
        }
        let total: i64 = segs.iter().sum();
        let budget = avail * 97 / 100;
        if total > budget {
            for s in &mut segs {
                *s = ((i128::from(*s) * i128::from(budget) / i128::from(total)) as i64).max(60);
            }
        }
        let mut t = t0;
        let mut created = Vec::with_capacity(n);
        let mut done = Vec::with_capacity(n);
        let mut it = segs.into_iter();
        for _ in 0..n {
            created.push(t);
            t += it.next().expect("work segment");
            done.push(t);
            if let Some(idle) = it.next() {
                t += idle;
            }
        }
        let final_event = final_event.then_some(t);
        Self {
            created,
            done,
            final_event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archetypes::*;
    use crate::text::stripped_len;

    #[test]
    fn enough_archetypes_and_every_kind_has_some() {
        assert!(ARCHETYPES.len() >= 60, "{}", ARCHETYPES.len());
        for bit in 0..9 {
            let n = fitting(1 << bit).count();
            assert!(n >= 8, "kind bit {bit} has only {n} archetypes");
        }
        let mut codes = std::collections::HashSet::new();
        for a in ARCHETYPES {
            assert!(codes.insert(a.code), "duplicate code {}", a.code);
        }
    }

    #[test]
    fn archetype_texts_are_clean_and_within_limits() {
        for a in ARCHETYPES {
            assert!(
                !a.names.is_empty() && !a.shorts.is_empty() && a.goal.len() >= 2,
                "{}",
                a.code
            );
            assert!(
                !a.method.is_empty() && !a.data.is_empty() && !a.laws.is_empty(),
                "{}",
                a.code
            );
            assert!(
                (1..=3).contains(&a.themes.len()) && a.tags.len() >= 4,
                "{}",
                a.code
            );
            assert!(!a.providers.is_empty(), "{}", a.code);
            for t in a.themes {
                assert!(THEMES_V1_0.contains(t), "{}: {t}", a.code);
            }
            for n in a.names {
                assert!(n.chars().count() <= 70, "{n}");
            }
            for s in a.shorts {
                // Room for a long organisation name in {De_org}; 0.4 cuts at sentence boundaries.
                assert!(s.chars().count() <= 330, "{s}");
            }
            let all = a
                .names
                .iter()
                .chain(a.shorts)
                .chain(a.goal)
                .chain(a.method)
                .chain(a.data)
                .chain(a.tags);
            for s in all {
                assert!(!s.contains(['<', '>', '&']), "{s}");
                assert_eq!(stripped_len(s), s.chars().count());
            }
        }
    }

    #[test]
    fn timeline_is_increasing_and_bounded() {
        let mut rng = Rng::new(3);
        let now = 1_760_000_000;
        for _ in 0..5000 {
            let n = 1 + rng.below(4);
            let fe = rng.chance(0.5);
            let t = Timeline::draw(&mut rng, EPOCH_2020, now, n, fe);
            let mut last = EPOCH_2020 - 1;
            for j in 0..n {
                assert!(t.created[j] > last && t.done[j] > t.created[j]);
                last = t.done[j];
            }
            if let Some(e) = t.final_event {
                assert!(e > last);
                last = e;
            }
            assert!(last <= now);
        }
    }
}
