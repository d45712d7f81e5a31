"""Target-group rules: every threshold in one place, each with its source.

Target groups are derived from a participant's recorded facts on a given day;
nobody types them in. ``target_groups()`` evaluates them in Python for one
person; ``selectors.target_group_q()`` expresses the very same rules as a
database filter. A test keeps the two in agreement.

Sources
-------
* The five groups of Boden's "Växtzon Oändlig" (seed text 000): young people
  16–20 who left or never began upper-secondary school; people 20–64 on income
  support; long-term unemployed; long-term sick leave; foreign background.
* ESF+ (Regulation (EU) 2021/1057, Annex I) adds third-country nationals as a
  reported characteristic.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    YOUNG_OUTSIDE_SCHOOL = "young_outside_school", _("16–20, not in upper-secondary school")
    INCOME_SUPPORT = "income_support", _("20–64 on income support")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    LONG_TERM_SICK_LEAVE = "long_term_sick_leave", _("Long-term sick leave")
    FOREIGN_BACKGROUND = "foreign_background", _("Foreign background")
    THIRD_COUNTRY_NATIONAL = "third_country_national", _("Third-country national")


#: Young people outside upper-secondary school: from the 16th birthday up to the
#: day before the 21st (the seed's "16–20 år"). Source: seed text 000.
YOUNG_MIN_AGE = 16
YOUNG_MAX_AGE = 20

#: Income support, ages 20–64: from the 20th birthday up to the day before the
#: 65th. Source: seed text 000 ("med försörjningsstöd 20–64 år").
INCOME_SUPPORT_MIN_AGE = 20
INCOME_SUPPORT_MAX_AGE = 64

#: Upper-secondary education is ISCED 2011 level 3; below it a young person has
#: not completed upper-secondary school.
UPPER_SECONDARY_ISCED = 3

#: Long-term unemployment: continuously unemployed for at least 12 months, or
#: at least 6 months for people under 25. Source: European Commission, ESF
#: monitoring and evaluation guidance (2014–2020 and carried into ESF+ SFC2021
#: practice), definition of "long-term unemployed"; Eurostat uses 12 months.
LONG_TERM_UNEMPLOYED_MONTHS = 12
LONG_TERM_UNEMPLOYED_MONTHS_YOUNG = 6
LONG_TERM_UNEMPLOYED_YOUNG_BELOW_AGE = 25

#: Long-term sick leave: an ongoing sick-leave spell of at least 90 days.
#: Assumption: 90 days is the limit Försäkringskassan's sick-leave statistics
#: use for longer spells; no legal definition exists. Change it here.
LONG_TERM_SICK_LEAVE_DAYS = 90


@dataclass(frozen=True)
class Facts:
    """The recorded facts target groups are derived from."""

    birth_date: datetime.date | None
    in_upper_secondary_school: bool
    education_level: int | None  # ISCED 2011 level 0–8
    labour_market_status: str  # LabourMarketStatus value or ""
    labour_market_status_since: datetime.date | None
    income_support: bool
    sick_leave_since: datetime.date | None
    foreign_background: bool
    third_country_national: bool


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years of age on ``day`` (a 29 February birthday falls on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def target_groups(facts: Facts, on: datetime.date) -> frozenset[TargetGroup]:
    """The target groups a person with ``facts`` belongs to on day ``on``."""
    groups: set[TargetGroup] = set()
    age = age_on(facts.birth_date, on) if facts.birth_date else None
    if (
        age is not None
        and YOUNG_MIN_AGE <= age <= YOUNG_MAX_AGE
        and not facts.in_upper_secondary_school
        and (facts.education_level is None or facts.education_level < UPPER_SECONDARY_ISCED)
    ):
        groups.add(TargetGroup.YOUNG_OUTSIDE_SCHOOL)
    if (
        facts.income_support
        and age is not None
        and INCOME_SUPPORT_MIN_AGE <= age <= INCOME_SUPPORT_MAX_AGE
    ):
        groups.add(TargetGroup.INCOME_SUPPORT)
    if is_long_term_unemployed(facts, on, age):
        groups.add(TargetGroup.LONG_TERM_UNEMPLOYED)
    if facts.sick_leave_since is not None and facts.sick_leave_since <= on - datetime.timedelta(
        days=LONG_TERM_SICK_LEAVE_DAYS
    ):
        groups.add(TargetGroup.LONG_TERM_SICK_LEAVE)
    if facts.foreign_background:
        groups.add(TargetGroup.FOREIGN_BACKGROUND)
    if facts.third_country_national:
        groups.add(TargetGroup.THIRD_COUNTRY_NATIONAL)
    return frozenset(groups)


def is_long_term_unemployed(facts: Facts, on: datetime.date, age: int | None) -> bool:
    if facts.labour_market_status == "long_term_unemployed":
        return True
    if facts.labour_market_status != "unemployed" or facts.labour_market_status_since is None:
        return False
    months = long_term_unemployment_months(age)
    threshold: datetime.date = on - relativedelta(months=months)
    return facts.labour_market_status_since <= threshold


def long_term_unemployment_months(age: int | None) -> int:
    """Months of unemployment that make it long-term at ``age`` (unknown age: adult rule)."""
    if age is not None and age < LONG_TERM_UNEMPLOYED_YOUNG_BELOW_AGE:
        return LONG_TERM_UNEMPLOYED_MONTHS_YOUNG
    return LONG_TERM_UNEMPLOYED_MONTHS
