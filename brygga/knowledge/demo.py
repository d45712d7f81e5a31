"""Demo data of the knowledge app: an ERFA network across Boden, Jammerbugt and
Frederikshavn, articles, guides, templates and events in Swedish, Danish and
English, inquiry routes and inquiries (answered in time, late and open).

Runs after the enterprises demo (it uses the organisations created there).
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from brygga.core.models import Organisation, Role, User

from . import services
from .models import Inquiry, InquiryRoute

ITEMS = [
    (
        "article",
        "public",
        ["asf", "start"],
        {
            "sv": (
                "Så startar du ett arbetsintegrerande socialt företag",
                "Från idé till första kund.",
                "Ett arbetsintegrerande socialt företag har arbetsintegration som syfte och "
                "återinvesterar vinsten. Börja med affärsidén, välj företagsform och prata med "
                "näringslivsbolaget om stöd.",
            ),
            "en": (
                "How to start a work-integrating social enterprise",
                "From idea to first customer.",
                "A work-integrating social enterprise exists to bring people into work and "
                "reinvests its profits. Start with the business idea, choose a legal form and "
                "ask the business-development body for support.",
            ),
        },
    ),
    (
        "article",
        "public",
        ["socialøkonomi", "erfa"],
        {
            "da": (
                "Socialøkonomiske virksomheder i Nordjylland",
                "Virksomheder der skaber arbejdspladser.",
                "Socialøkonomiske virksomheder skaber arbejdspladser til borgere på kanten af "
                "arbejdsmarkedet og skal være økonomisk bæredygtige og uafhængige af offentlige "
                "midler.",
            ),
            "en": (
                "Social-economy enterprises in North Jutland",
                "Enterprises that create jobs.",
                "Social-economy enterprises create jobs for citizens at the edge of the labour "
                "market, and aim to be economically sustainable and independent of public money.",
            ),
        },
    ),
    (
        "guide",
        "public",
        ["upphandling", "reserverade-kontrakt"],
        {
            "sv": (
                "Reserverade kontrakt – en guide för upphandlare",
                "Så reserverar du ett kontrakt för sociala företag.",
                "En upphandlande myndighet får reservera ett kontrakt för leverantörer vars "
                "huvudsakliga syfte är social och yrkesmässig integration av personer med "
                "funktionsnedsättning eller som är missgynnade.",
            ),
            "da": (
                "Reserverede kontrakter – en guide for indkøbere",
                "Sådan reserverer du en kontrakt.",
                "En ordregiver kan reservere en kontrakt for virksomheder, hvis hovedformål er "
                "social og faglig integration af handicappede eller udsatte personer.",
            ),
            "en": (
                "Reserved contracts – a guide for buyers",
                "How to reserve a contract for social enterprises.",
                "A contracting authority may reserve a contract for operators whose main aim "
                "is the social and professional integration of disabled or disadvantaged persons.",
            ),
        },
    ),
    (
        "template",
        "members",
        ["budget", "mall"],
        {
            "sv": (
                "Mall: budget för ett socialt företag",
                "Intäkter från försäljning, bidrag och lönestöd.",
                "Fyll i försäljning till privata kunder, försäljning till offentliga köpare, "
                "bidrag och lönestöd per år.",
            ),
            "en": (
                "Template: budget of a social enterprise",
                "Revenue from sales, grants and wage subsidies.",
                "Fill in sales to private customers, sales to public buyers, grants and wage "
                "subsidies per year.",
            ),
        },
    ),
    (
        "guide",
        "public",
        ["småjob"],
        {
            "da": (
                "Småjob: få timer om ugen",
                "Et første skridt ind på arbejdspladsen.",
                "Småjob giver mulighed for at være til stede på en arbejdsplads i få timer om "
                "ugen. Arbejdsgiverens forventninger og anerkendelse betyder meget.",
            ),
        },
    ),
    (
        "article",
        "public",
        ["växthus", "boden"],
        {
            "sv": (
                "Växthuset där grödor och människor växer",
                "Spillvärme från en serverhall värmer odlingen.",
                "I Boden värms ett växthus med spillvärme från en serverhall. Där odlas grönsaker "
                "och där får personer som står långt från arbetsmarknaden en arbetsplats som "
                "anpassas efter var och en.",
            ),
        },
    ),
]


def seed_demo(rng: random.Random) -> dict[str, str]:
    today = timezone.localdate()
    boden = Organisation.objects.get(name="Bodens kommun")
    jammerbugt = Organisation.objects.get(name="Jammerbugt Kommune")
    frederikshavn = Organisation.objects.get(name="Frederikshavn Kommune")
    erhvervshus = Organisation.objects.get(name="Erhvervshus Nord")
    naringsliv = Organisation.objects.get(name="Bodens Näringslivsbolag")
    coordinator = User.objects.get(username="radgiver.erhvervshus")
    se_advisor = User.objects.get(username="radgivare.naringsliv")

    # Network across three municipalities ------------------------------------------------
    network = services.create_network(
        coordinator,
        erhvervshus,
        "ERFA Nord – socialøkonomi på tværs",
        "Erfaringsudveksling mellem Boden, Jammerbugt og Frederikshavn.",
    )
    members = [boden, jammerbugt, frederikshavn, naringsliv]
    members += list(
        Organisation.objects.filter(
            Q(name__in=["Grön Framtid ASF", "Växthuset Boden", "Havnens Café ApS", "Genbrug Nord"])
        )
    )
    for member in members:
        services.add_member(coordinator, network, member)
    places = ["Boden", "Fjerritslev", "Frederikshavn", "Online"]
    for n in range(4):
        held = today - datetime.timedelta(days=90 * (4 - n) + rng.randint(0, 20))
        services.record_meeting(
            coordinator,
            network,
            held,
            places[n],
            "1. Nyt fra medlemmerne\n2. Indkøb og reserverede kontrakter\n3. Næste møde",
            f"Mødet i {places[n]}: erfaringer med småjob og offentlige indkøb blev delt.",
        )
    services.share_document(
        coordinator,
        network,
        "Kommissorium for ERFA Nord",
        "kommissorium.txt",
        "Formål: erfaringsudveksling om socialøkonomiske virksomheder.\n".encode(),
    )

    # Knowledge centre ------------------------------------------------------------------
    for index, (kind, visibility, tags, texts) in enumerate(ITEMS):
        publisher, author = (
            (erhvervshus, coordinator) if "da" in texts else (naringsliv, se_advisor)
        )
        first, *rest = texts.items()
        title, summary, body = first[1]
        item = services.publish_item(
            author,
            publisher,
            services.ItemData(
                kind,
                visibility,
                first[0],
                title,
                body,
                summary,
                tags,
                published_on=today - datetime.timedelta(days=20 * index),
            ),
        )
        for language, (title, summary, body) in rest:
            services.update_item(
                author,
                item,
                services.ItemData(kind, visibility, language, title, body, summary, tags),
            )
    event_start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    services.publish_item(
        coordinator,
        erhvervshus,
        services.ItemData(
            "event",
            "public",
            "da",
            "Temadag: socialøkonomisk iværksætteri",
            "Temadag for sociale iværksættere og virksomheder, der vil hjælpe.",
            "Oplæg, cases og netværk.",
            ["event", "iværksætteri"],
            event_start=event_start + datetime.timedelta(days=30),
            event_place="Frederikshavn",
        ),
    )

    # Inquiries -------------------------------------------------------------------------
    InquiryRoute.objects.create(organisation=boden, municipality="Boden")
    InquiryRoute.objects.create(organisation=naringsliv, municipality="Boden", kind="entrepreneur")
    InquiryRoute.objects.create(organisation=jammerbugt, municipality="Jammerbugt")
    InquiryRoute.objects.create(organisation=frederikshavn, municipality="Frederikshavn")
    InquiryRoute.objects.create(
        organisation=erhvervshus, municipality="Jammerbugt", kind="entrepreneur"
    )
    InquiryRoute.objects.create(
        organisation=erhvervshus, municipality="Frederikshavn", kind="entrepreneur"
    )
    answerers = {
        boden.pk: User.objects.get(username="admin.boden"),
        jammerbugt.pk: User.objects.get(username="admin.jammerbugt"),
        naringsliv.pk: se_advisor,
        erhvervshus.pk: coordinator,
        frederikshavn.pk: User.objects.filter(
            memberships__organisation=frederikshavn, memberships__role=Role.CASE_WORKER
        ).first(),
    }
    names = ["Anna Berg", "Mette Jensen", "Ali Hassan", "Olena Bondarenko", "Lars Holm"]
    kinds = ["participant", "employer", "entrepreneur", "other"]
    now = timezone.now()
    for n in range(24):
        municipality = rng.choice(["Boden", "Jammerbugt", "Frederikshavn"])
        received = now - datetime.timedelta(hours=rng.randint(1, 24 * 40))
        inquiry = services.receive_inquiry(
            services.InquiryData(
                kind=rng.choice(kinds),
                municipality=municipality,
                name=rng.choice(names),
                email=f"besokare{n}@example.org",
                message="Jag vill veta mer om arbete och praktik."
                if municipality == "Boden"
                else "Jeg vil gerne høre mere om jeres tilbud.",
                language="sv" if municipality == "Boden" else "da",
            ),
            received_at=received,
            send_acknowledgement=False,
        )
        answerer = answerers.get(inquiry.organisation_id)
        if answerer is not None and rng.random() < 0.7:
            delay = datetime.timedelta(hours=rng.choice([3, 20, 40, 100]))
            answered = min(received + delay, now)
            services.mark_answered(answerer, inquiry, "Ringde upp.", answered)
    assert Inquiry.objects.exists()  # noqa: S101 - a demo invariant
    return {}
