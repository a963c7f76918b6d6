//! Provider templates: an account of a supplier describes its products once (a document of the
//! standard, kept with its problems like a draft), publishes the description as a template, and an
//! organisation starts its own draft from it. The public site shows which organisations use the same
//! product. Who may write a template is the domain's rule (`authorize_template`); the supplier an
//! account belongs to is `users.provider`.

use algoreg_domain::{Actor, AlgorithmId, Denied, TemplateAction, authorize_template};
use algoreg_standard::{Document, Problem, ProblemKind, StandardVersion};
use algoreg_store::{SameTemplateRow, TemplateRow, now};

use crate::descriptions::{Saved, refuse_wrong_values, remove_own_fields};
use crate::{Register, RegisterError};

/// The fields a template needs before it is published: what a supplier always knows of its product.
pub const TEMPLATE_PUBLISH_FIELDS: &[&str] = &["name", "description_short"];

/// A template with its problems (as a draft shows them) and whether the actor may change it.
#[derive(Debug, Clone)]
pub struct TemplateView {
    pub template: TemplateRow,
    pub document: Document,
    pub problems: Vec<Problem>,
    pub may_edit: bool,
}

/// Normalises a template's document: the current version of the standard only, without the fields
/// that belong to one description (`source_id`, system fields).
pub(crate) fn prepare_template(
    input: &Document,
) -> Result<(Document, Vec<Problem>, String), RegisterError> {
    let version =
        algoreg_standard::version_of(input).map_err(|p| RegisterError::Invalid(vec![p]))?;
    if version != StandardVersion::CURRENT {
        return Err(RegisterError::Invalid(vec![Problem {
            path: "standard_version".into(),
            kind: ProblemKind::UnknownVersion,
        }]));
    }
    let mut input = input.clone();
    remove_own_fields(&mut input);
    let (doc, problems) = algoreg_standard::check(version, &input);
    let name = doc
        .get("name")
        .and_then(|v| v.as_str())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    Ok((doc, problems, name))
}

fn parse_document(text: &str) -> Result<Document, RegisterError> {
    serde_json::from_str(text)
        .map_err(|e| RegisterError::Internal(format!("stored template unreadable: {e}")))
}

/// The longest supplier name.
pub const MAX_PROVIDER_LEN: usize = 200;

impl Register {
    /// The supplier the actor's account belongs to (`None` for everyone else, and for machine
    /// clients).
    pub async fn actor_provider(&self, actor: &Actor) -> Result<Option<String>, RegisterError> {
        if actor.is_client() {
            return Ok(None);
        }
        Ok(self.store.user_provider(actor.id).await?)
    }

    /// Makes an account one of supplier `provider` (at most [`MAX_PROVIDER_LEN`] characters; `None`:
    /// no longer). Platform admins only (the CLI acts as one).
    pub async fn set_user_provider(
        &self,
        actor: &Actor,
        user: algoreg_domain::UserId,
        provider: Option<&str>,
    ) -> Result<(), RegisterError> {
        algoreg_domain::authorize_platform(actor, algoreg_domain::PlatformAction::ManageAccounts)?;
        self.set_user_provider_as_operator(user, provider).await
    }

    /// As [`Register::set_user_provider`], on the operator's say-so (the command line, which holds
    /// the database credentials and so stands above every role).
    pub async fn set_user_provider_as_operator(
        &self,
        user: algoreg_domain::UserId,
        provider: Option<&str>,
    ) -> Result<(), RegisterError> {
        let provider = provider
            .map(algoreg_standard::strip_html)
            .map(|p| p.trim().to_owned());
        if provider.as_deref() == Some("") {
            return Err(RegisterError::Invalid(vec![Problem {
                path: "provider".into(),
                kind: ProblemKind::Required,
            }]));
        }
        if let Some(p) = &provider
            && p.chars().count() > MAX_PROVIDER_LEN
        {
            return Err(RegisterError::Invalid(vec![Problem {
                path: "provider".into(),
                kind: ProblemKind::TooLong {
                    max: MAX_PROVIDER_LEN,
                    actual: p.chars().count(),
                },
            }]));
        }
        Ok(self
            .store
            .set_user_provider(user, provider.as_deref())
            .await?)
    }

    /// Starts a template for the actor's supplier. Saving keeps what was given, valid or not; the
    /// problems come back.
    pub async fn create_template(
        &self,
        actor: &Actor,
        input: &Document,
    ) -> Result<(i64, Vec<Problem>), RegisterError> {
        let mine = self.actor_provider(actor).await?;
        authorize_template(actor, mine.as_deref(), TemplateAction::Create, None)?;
        let provider = mine.unwrap_or_default();
        let (doc, problems, name) = prepare_template(input)?;
        let text = serde_json::Value::Object(doc).to_string();
        let id = self
            .store
            .create_template(&provider, &name, &text, actor.id, now())
            .await?;
        Ok((id, problems))
    }

    /// Loads a template for `actor`: with its document, problems and whether they may change it.
    pub async fn template(&self, actor: &Actor, id: i64) -> Result<TemplateView, RegisterError> {
        let mine = self.actor_provider(actor).await?;
        let t = self.store.template(id).await?;
        let own = mine.as_deref() == Some(t.provider.as_str());
        if !own && t.published_at.is_none() {
            return Err(RegisterError::NotFound);
        }
        let document = parse_document(&t.document)?;
        let (_, problems) = algoreg_standard::check(StandardVersion::CURRENT, &document);
        let may_edit = own
            && authorize_template(
                actor,
                mine.as_deref(),
                TemplateAction::Edit,
                Some(&t.provider),
            )
            .is_ok();
        Ok(TemplateView {
            template: t,
            document,
            problems,
            may_edit,
        })
    }

    /// The template, when the actor may do `action` to it (another supplier's unpublished template is
    /// "not found").
    async fn template_for(
        &self,
        actor: &Actor,
        id: i64,
        action: TemplateAction,
    ) -> Result<TemplateRow, RegisterError> {
        let mine = self.actor_provider(actor).await?;
        let t = self.store.template(id).await?;
        if t.published_at.is_none() && mine.as_deref() != Some(t.provider.as_str()) {
            return Err(RegisterError::NotFound);
        }
        authorize_template(actor, mine.as_deref(), action, Some(&t.provider))?;
        Ok(t)
    }

    /// Saves a template's document (the newest save wins). A published template stays published.
    pub async fn save_template(
        &self,
        actor: &Actor,
        id: i64,
        input: &Document,
    ) -> Result<Vec<Problem>, RegisterError> {
        self.template_for(actor, id, TemplateAction::Edit).await?;
        let (doc, problems, name) = prepare_template(input)?;
        if self.store.template(id).await?.published_at.is_some() {
            publishable(&problems)?;
        }
        let text = serde_json::Value::Object(doc).to_string();
        self.store.update_template(id, &name, &text, now()).await?;
        Ok(problems)
    }

    /// Publishes a template: organisations can start from it. It needs the fields a supplier knows
    /// ([`TEMPLATE_PUBLISH_FIELDS`]) and no wrong values.
    pub async fn publish_template(&self, actor: &Actor, id: i64) -> Result<(), RegisterError> {
        let t = self
            .template_for(actor, id, TemplateAction::Publish)
            .await?;
        let doc = parse_document(&t.document)?;
        let (_, problems) = algoreg_standard::check(StandardVersion::CURRENT, &doc);
        publishable(&problems)?;
        Ok(self.store.set_template_published(id, Some(now())).await?)
    }

    /// Withdraws a template: no new descriptions start from it; those that did keep it.
    pub async fn withdraw_template(&self, actor: &Actor, id: i64) -> Result<(), RegisterError> {
        self.template_for(actor, id, TemplateAction::Publish)
            .await?;
        Ok(self.store.set_template_published(id, None).await?)
    }

    /// The templates of the actor's supplier, newest first (nothing for other accounts).
    pub async fn my_templates(&self, actor: &Actor) -> Result<Vec<TemplateRow>, RegisterError> {
        match self.actor_provider(actor).await? {
            Some(p) => Ok(self.store.templates_of(&p).await?),
            None => Ok(Vec::new()),
        }
    }

    /// Every published template, by supplier and product name: what a back-office user starts from.
    pub async fn published_templates(
        &self,
        actor: &Actor,
    ) -> Result<Vec<TemplateRow>, RegisterError> {
        if actor.is_client() {
            return Err(Denied::OutOfScope {
                action: "read-templates".into(),
            }
            .into());
        }
        Ok(self.store.published_templates().await?)
    }

    /// Starts a new description in `org` from published template `template`: its document, with the
    /// template kept (`descriptions.template_id`) so that the public site can show who else uses the
    /// product. Only for those who may write in `org` (the same rule as `create`); an unpublished
    /// template is "not found".
    pub async fn create_from_template(
        &self,
        actor: &Actor,
        org: &str,
        template: i64,
    ) -> Result<Saved, RegisterError> {
        let t = self.store.template(template).await?;
        if t.published_at.is_none() {
            return Err(RegisterError::NotFound);
        }
        let mut doc = parse_document(&t.document)?;
        remove_own_fields(&mut doc);
        let reason = format!("{}: {}", t.provider, t.name);
        self.create_as(actor, org, &doc, false, Some((t.id, reason)))
            .await
    }

    /// The other published descriptions started from the same template as description `id`, by
    /// organisation name (empty when it was not started from a template). Public.
    pub async fn public_same_product(
        &self,
        id: AlgorithmId,
    ) -> Result<Vec<SameTemplateRow>, RegisterError> {
        match self.store.description_template(id).await? {
            Some(t) => Ok(self.store.published_with_template(t, id).await?),
            None => Ok(Vec::new()),
        }
    }
}

/// Whether a template's problems allow publishing it: the supplier's fields filled in, nothing wrong.
fn publishable(problems: &[Problem]) -> Result<(), RegisterError> {
    refuse_wrong_values(problems)?;
    let missing: Vec<Problem> = problems
        .iter()
        .filter(|p| {
            p.kind == ProblemKind::Required && TEMPLATE_PUBLISH_FIELDS.contains(&p.path.as_str())
        })
        .cloned()
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RegisterError::Invalid(missing))
    }
}
