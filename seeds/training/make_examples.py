"""Write the project's hand-made training examples (seeds/training/*.jsonl) from templates.

The public data has few clear calls for violence and almost no war-news talk that is NOT a
call for violence, and it ties identity words to hate. These templates, written for Parley
(none is taken from an evaluation set or the seed page), fill those gaps. Run
`python seeds/training/make_examples.py` to regenerate; the output is deterministic.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent
ZERO = {"toxicity": 0.0, "severe_toxicity": 0.0, "obscene": 0.0, "insult": 0.0,
        "identity_attack": 0.0, "threat": 0.0, "incitement": 0.0}

GROUPS = ["Muslims", "Jews", "Christians", "Hindus", "immigrants", "refugees", "black people",
          "white people", "Asians", "Mexicans", "Arabs", "gay people", "trans people", "women",
          "disabled people", "Catholics", "Sikhs", "Africans", "lesbians", "Latinos"]
TARGETS = ["those politicians", "the senators", "the protesters", "the journalists", "the judges",
           "the cops", "the soldiers at the base", "the occupiers", "the traitors in Congress",
           "the generals", "the landlords", "the mayor and his friends", "the border guards",
           "the bankers", "the settlers", "the militia leaders", "the ministers", "the rioters"]
PLACES = ["their mosque", "the synagogue", "the church on Main Street", "the embassy",
          "their offices", "the city council building", "the refugee camp", "their homes",
          "the police station", "the newspaper's office"]
CITIES = ["Aleppo", "Mosul", "Kharkiv", "Gaza", "Kabul", "Dresden", "Sarajevo", "Falluja",
          "Raqqa", "Homs", "Grozny", "Mariupol", "Hiroshima", "Basra"]
FORCES = ["US", "Russian", "Syrian government", "Israeli", "Ukrainian", "Turkish", "coalition",
          "rebel", "Iranian-backed", "Kurdish", "NATO", "Saudi-led"]

INCITEMENT = [
    "Someone should just kill {t}.", "{T} deserve a bullet, every one of them.",
    "Go burn down {p} and let them burn with it.", "Somebody needs to put {t} in the ground.",
    "Hang {t} from the nearest lamppost.", "Round up {t} and shoot them all.",
    "If you see {t}, beat them until they stop moving.", "We need to wipe out {t} once and for all.",
    "Grab your rifles and go hunt down {t}.", "{T} should be lined up against a wall and shot.",
    "I hope someone blows up {p} with everyone inside.", "Time to take up arms and kill {t}.",
    "Every real patriot should attack {t} wherever they find them.",
    "Killing {t} would be doing the world a favour.", "Whoever shoots {t} will be a hero.",
    "String up {t} and let the crowd watch.", "Torch {p} tonight, nobody will stop you.",
    "They should bomb {t} back to the stone age.", "Drag {t} into the street and finish them.",
    "Someone needs to stab {t} before they do more damage.", "Exterminate {t}, no mercy.",
    "The world would be better if somebody murdered {t}.", "Go out and kill {t} wherever you find them.",
    "Attacking {t} is justified, so do it.", "Don't just protest, go and shoot {t}.",
    # endorsement of violence by others is incitement too
    "Violence against {t} is completely justified.", "Anyone who attacks {t} has my full support.",
    "Whoever kills {t} is doing the right thing.", "Killing {t} would be self-defence, go ahead.",
    "They are entitled to shoot {t} on sight.", "Good, I hope more of {t} get killed.",
    "Every one of {t} deserves to be murdered.", "It is perfectly fine to beat {t} to death.",
]
THREATS = [
    "I will find you and hurt you.", "I'm going to kill you and your whole family.",
    "Keep talking and I'll put a bullet in your head.", "Watch your back, I know where you live.",
    "I will burn your house down with you inside.", "Say that again and I will break your neck.",
    "One day I'll catch you alone and make you pay in blood.", "I'm coming for you, and you won't see it coming.",
    "I swear I will strangle you with my bare hands.", "You're dead when I find you.",
    "I'll beat you so badly your mother won't recognise you.", "Next time I see you I'm going to stab you.",
    "I am going to hunt you down and end you.", "I'll be waiting outside your office with a gun.",
    "Touch my car again and I'll slit your throat.", "I know your address, expect a visit and a beating.",
    "I will make sure you never walk again.", "Post that again and I'll shoot you myself.",
    "Your family will be next if you keep writing this.", "I'm going to smash your face in tomorrow.",
]
GROUP_THREATS = [  # the writer threatens a group (not "you")
    "I will personally hunt down {t} one by one.", "If {t} show up in my town I'll open fire.",
    "Any of {t} who comes onto my land gets a bullet from me.", "I'm going to torch {p} myself.",
    "Me and my friends will beat {t} bloody next weekend.", "I'll run over {t} with my truck if they block the road.",
    "Watch what I do to {t} when I get the chance.", "I have my rifle ready for {t}.",
    "I swear I'll kill {t} if they come near my kids.", "I'm going to make {t} pay with their lives.",
    "Next time I meet one of {t} I'll put them in hospital.", "I will blow up {p} and everyone in it.",
]
WAR_NEWS = [
    "The airstrike killed {n} civilians near {c}, local officials said.",
    "{F} forces shelled the outskirts of {c} overnight and {n} soldiers died.",
    "Rebels attacked a convoy on the highway near {c}, killing {n} people.",
    "The bombing of {c} killed thousands and history should not forget it.",
    "I condemn the killing of civilians in {c}, whoever is responsible.",
    "The {F} military says it struck artillery positions that threatened its troops.",
    "Reports say {n} fighters were killed when the base near {c} came under rocket fire.",
    "{F} troops have been ordered to defend the garrison if they are attacked.",
    "The {F} strike destroyed two tanks and an anti-aircraft gun outside {c}.",
    "Invading armies rarely win these wars; look at what happened in {c}.",
    "The siege of {c} was one of the bloodiest episodes of the war.",
    "Every country has a right to self-defence under international law, but this strike was illegal.",
    "Both sides committed massacres in {c} and both should face a tribunal.",
    "The {F} government is lying about the death toll in {c}.",
    "If the {F} army keeps escalating, we could end up in a wider war.",
    "Killing prisoners is a war crime and the officers responsible should be tried.",
    "The militants executed {n} hostages, which is horrific.",
    "Why is the {F} air force bombing {c} at all? This is an illegal war.",
    "The {F} commanders will probably retaliate after the missile attack.",
    "Drone strikes near {c} have killed more civilians than fighters.",
    "Violence will not solve this; the {F} leaders need to negotiate.",
    "Nobody deserves to be killed for their religion or their passport.",
    "Bring the troops home from {c} and stop funding this war.",
    "We should protest outside the {F} embassy, peacefully, every weekend.",
    "Vote out every politician who voted for the war in {c}.",
    "The {F} pilots were shot down over {c} after the ceasefire collapsed.",
    "The massacre in {c} was a genocide and should be called one.",
    "Soldiers joined the army for a paycheck, not to die in {c}.",
    "The {F} spokesman said the fighters posed a threat to the base.",
    "Civilians in {c} are starving while the generals argue about maps.",
]
IDIOMS = [
    "She is going to kill it at the finals.", "This traffic is killing me.", "I'd kill for a coffee right now.",
    "That band absolutely slayed last night.", "We got destroyed in the second half.",
    "He shot down my proposal in five seconds.", "My feet are killing me after that hike.",
    "Break a leg tonight!", "The comedian murdered the crowd with that last joke.",
    "You nailed that interview, well done.", "Their new album is the bomb.",
    "The senator torpedoed the bill in committee.", "I could strangle this printer, it jams every day.",
    "Our defence got slaughtered by their forwards.", "That test absolutely killed me.",
    "Let's blow the competition out of the water.", "The startup is crushing it this quarter.",
    "I'm dying to see the sequel.", "That joke bombed, nobody laughed.", "Shoot me an email when you can.",
]
OPINION = [
    "The Pentagon's explanation makes no sense at all.", "This de-escalation zone is pure fiction.",
    "The minister is either lying or incompetent, probably both.", "What a pathetic response from the government.",
    "The coverage of this war has been one-sided from the start.", "Sure, because bombing always brings peace. Brilliant.",
    "The Russians keep reacting instead of acting, it's embarrassing.", "Spare me the talk about freedom from these hypocrites.",
    "This article ignores everything that happened before the strike.", "The US has no legal basis to be in that country.",
]
IDENTITY_ATTACKS = [
    "{G} are filthy animals.", "I can't stand {g}, they disgust me.", "{G} are a plague on this country.",
    "{G} are all criminals and liars.", "Honestly, {g} are subhuman.", "No {g} should be allowed to live here.",
    "{G} ruin every neighbourhood they move into.", "{G} are too stupid to vote.", "Typical {g}, lying and stealing.",
    "{G} should go back where they came from.", "The problem with this country is {g}.", "{G} are vermin, nothing more.",
    "I despise {g} with all my heart.", "{G} are a disease.", "Never trust {g}, they are all snakes.",
]
IDENTITY_NEUTRAL = [
    "My neighbours are {g} and they helped us move in.", "{G} have lived in this town for generations.",
    "The festival celebrates the history of {g} in our city.", "Many {g} served in the army during the war.",
    "A group of {g} organised the food drive this weekend.", "The report looks at how {g} are treated in hospitals.",
    "I grew up with {g} and never thought twice about it.", "The museum has a new exhibit on {g} in the 1900s.",
    "Discrimination against {g} is still a problem at work.", "The mayor met with {g} to discuss the new park.",
    "Some of my best colleagues are {g}.", "The survey asked {g} about housing costs.",
    "{G} deserve the same rights as everyone else.", "The article quotes several {g} who live near the border.",
]

# Identity words as adjectives ("a {a} teacher"), for sentences that mention an identity and say
# nothing bad (Dixon et al. 2018: balance each term's clean and toxic uses). The sexual-orientation
# words come first and get more templates: the public data uses "queer", "homosexual" and "gay"
# mostly as insults, so a bag-of-words model learns the word itself as toxic.
IDENTITY_ADJECTIVES = [
    "gay", "lesbian", "bisexual", "queer", "homosexual", "transgender", "trans", "nonbinary", "LGBT",
    "LGBTQ", "straight", "heterosexual", "Muslim", "Jewish", "Christian", "Catholic", "Protestant",
    "Buddhist", "Hindu", "Sikh", "Taoist", "black", "white", "Asian", "African", "African American",
    "Hispanic", "Latino", "Latina", "Mexican", "Middle Eastern", "Indian", "Chinese", "Japanese",
    "Canadian", "American", "European", "Arab", "elderly", "older", "young", "teenage", "middle-aged",
    "deaf", "blind", "disabled", "male", "female",
]
SEXUALITY = IDENTITY_ADJECTIVES[:12]
IDENTITY_AFFIRMING = [
    "My cousin is {a} and works as a nurse on the children's ward.", "Our new neighbours are a {a} couple with two dogs.",
    "She wrote a memoir about growing up {a} in a small farming town.", "The library hosts a reading by {a} authors on Saturday.",
    "Being {a} is just one part of who I am.", "I'm {a}, and I love living in this city.",
    "The study followed {a} students through their first year of college.", "A {a} teacher at my school won the state award.",
    "The bakery on Elm Street is run by a {a} woman who makes wonderful bread.", "There is nothing wrong with being {a}.",
    "He is a kind {a} man who volunteers at the shelter every weekend.", "The film follows a {a} family through a hard winter.",
    "She is {a} and one of the best lawyers in the state.", "Our team has {a} players and we all get along.",
    "The survey found that {a} workers were paid less for the same job.", "Everyone is welcome at our table, {a} or not.",
    "My {a} friends threw me the best birthday party.", "The council appointed a {a} doctor to lead the health board.",
]
SEXUALITY_AFFIRMING = [
    "He came out as {a} to his parents last year and they were very supportive.",
    "The {a} community centre runs a free legal clinic on Tuesdays.", "My daughter is {a} and I am proud of her.",
    "Being {a} is completely normal and healthy.", "The church now blesses {a} couples who ask for it.",
    "I have been happily married to my {a} partner for ten years.",
]


def _article(text: str) -> str:
    """Write "an" before a vowel sound ("an Asian teacher", but "a European")."""
    return re.sub(r"\b([Aa]) (?=[AEIOaeio]|[Uu](?!ni))(?!Eu)", lambda m: m.group(1) + "n ", text)


def _affirming_rows() -> list[dict]:
    rng = random.Random(20261202)  # its own generator, so the other files stay byte-identical
    rows = [{"text": _article(_cap(t.format(a=a))), "labels": ZERO} for t in IDENTITY_AFFIRMING
            for a in IDENTITY_ADJECTIVES if rng.random() < 0.5]
    rows += [{"text": _article(_cap(t.format(a=a))), "labels": ZERO} for t in SEXUALITY_AFFIRMING for a in SEXUALITY]
    return rows


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _fill(template: str, rng: random.Random, target: str = "") -> str:
    return template.format(t=target, T=_cap(target) if target else "", p=rng.choice(PLACES),
                           c=rng.choice(CITIES), F=rng.choice(FORCES), n=rng.randint(2, 80),
                           g=target, G=_cap(target) if target else "")


def _rows() -> dict[str, list[dict]]:
    rng = random.Random(20261201)
    incitement = []
    for template, target in itertools.product(INCITEMENT, TARGETS + GROUPS):
        if rng.random() < 0.45:
            identity = 1.0 if target in GROUPS else 0.0
            labels = dict(ZERO, toxicity=1.0, severe_toxicity=1.0, incitement=1.0, identity_attack=identity)
            incitement.append({"text": _fill(template, rng, target), "labels": labels, "weight": 1.5})
    threats = [{"text": f"{pre}{t}{post}", "labels": dict(ZERO, toxicity=1.0, severe_toxicity=1.0, threat=1.0),
                "weight": 3.0}
               for t, pre, post in itertools.product(THREATS, ("", "Listen, ", "Hey Mark, "),
                                                     ("", " I mean it.", " That's a promise."))]
    for template, target in itertools.product(GROUP_THREATS, TARGETS + GROUPS):
        if rng.random() < 0.35:
            identity = 1.0 if target in GROUPS else 0.0
            labels = dict(ZERO, toxicity=1.0, severe_toxicity=1.0, threat=1.0, identity_attack=identity)
            threats.append({"text": _fill(template, rng, target), "labels": labels, "weight": 2.0})
    news = [{"text": _fill(t, rng), "labels": ZERO, "weight": 1.0} for t in WAR_NEWS for _ in range(8)]
    news += [{"text": t, "labels": ZERO, "weight": 2.0} for t in IDIOMS + OPINION]
    identity = [{"text": _fill(t, rng, g), "labels": ZERO} for t in IDENTITY_NEUTRAL for g in GROUPS
                if rng.random() < 0.6]
    attacks = [{"text": _fill(t, rng, g), "labels": dict(ZERO, toxicity=1.0, identity_attack=1.0, insult=1.0)}
               for t in IDENTITY_ATTACKS for g in GROUPS if rng.random() < 0.4]
    return {"incitement": incitement, "threats": threats, "war_news_and_idioms": news, "identity_neutral": identity,
            "identity_attacks": attacks, "identity_affirming": _affirming_rows()}


def main() -> None:
    """Regenerate the JSON-lines files beside this script."""
    for name, rows in _rows().items():
        unique = list({row["text"]: row for row in rows}.values())
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as handle:
            for row in unique:
                handle.write(json.dumps(row, sort_keys=True) + "\n")
        print(f"{name}: {len(unique)} rows")


if __name__ == "__main__":
    main()
