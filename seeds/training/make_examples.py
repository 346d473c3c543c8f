"""Write the project's hand-made training examples (seeds/training/*.jsonl) from sentence frames.

The public data has few clear calls for violence or plain threats, almost no war-news talk that
is NOT a call for violence, little negation or counter-speech, and it ties identity words to hate.
The frames below were written by hand for Parley from the label definitions alone (none is taken
from an evaluation set, the seed page or another project). Each frame is filled from slot lists
(targets, groups, places, towns, armed forces, names), sometimes wrapped in neutral sentences so
that only one sentence of a longer comment carries the label, and sometimes roughened the way
comment-section text is (lower case, missing final stop, dropped apostrophes, a typo). The same
wrappers and roughening are applied to every file, so neither is a cue for any label.

Run `python seeds/training/make_examples.py` to regenerate; the output is deterministic (one
fixed random seed, no set iteration). The script refuses to write anything if a row contains a
held-out identity word (see HELD_OUT) or if two rows share a text (compared case-, accent-,
punctuation- and repeated-letter-insensitively), within or across files. Each row records the
frame it was filled from ("frame": "incitement/veiled/029"), so related rows can be grouped.
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent
SEED = 20261210
LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
ZERO = dict.fromkeys(LABELS, 0.0)

# Identity words held out of training for the fairness evaluation, with plurals and close forms
# ("trans" for transgender, "latino/latina" for latinx, "middle east", "america", "asia", "india",
# "islamist", any word starting with "blind"). No row may contain one (whole word, any case).
HELD_OUT = re.compile(
    r"\b(?:lesbians?|gays?|gayer|transgenders?|transgendered|trans|transsexuals?|hispanics?|latinx|"
    r"latin[oa]s?|americans?|america|asians?|asia|indians?|india|middle[\s-]+east\w*|christians?|"
    r"christianity|christ|muslims?|moslems?|islam|islamic|islamists?|protestants?|protestantism|"
    r"younger|middle[\s-]+aged|blind\w*)\b",
    re.IGNORECASE)


def _lines(block: str) -> list[str]:
    """One frame per non-empty line; lines starting with # are comments."""
    return [line.strip() for line in block.strip().splitlines() if line.strip() and not line.lstrip().startswith("#")]


# ----------------------------------------------------------------------------------------------
# Slot lists
# ----------------------------------------------------------------------------------------------

# People who are not a protected group: the usual targets in a war-news comment section.
TARGETS = _lines("""
the soldiers at the checkpoint
those soldiers
the conscripts
the enemy troops
the police
the riot police
the cops outside the station
the journalists
those reporters
the editors of this paper
the editors
the ministry officials
the officials who signed the order
the judges
the judges who freed him
the politicians
the MPs who voted for this
the senators
the doctors at the clinic
the doctors who treat them
the protesters
the protesters outside parliament
the strikers at the port
the border guards
the occupiers
the militia
the rebels
the separatists
the prison guards
the aid workers
the UN observers
the election officials
the generals
the negotiators
the town councillors
the pilots
the drone operators
the mercenaries
the commanders
the prisoners of war
the deserters
the activists
the lawyers defending him
the nurses on strike
the people in that crowd
the demonstrators
the ministers
the TV crew
the camera crew at the front
the settlers on the hill
the volunteers
the landlords
the bankers
the party leaders
the observers from the mission
the men at the roadblock
the guards at the prison camp
the tank crews
the national guard
the court staff
""")

# Protected groups (religion, ethnicity, nationality, origin, sexual orientation, gender, age,
# disability). Targeting one of them makes a row an identity attack.
GROUPS = _lines("""
Jews
Hindus
Sikhs
Buddhists
Catholics
Jains
Baha'is
Druze
Yazidis
Kurds
Roma
Roma people
Sámi people
Tamils
Uyghurs
Māori
Somalis
Nigerians
Mexicans
Chinese people
Japanese people
Koreans
Filipinos
Vietnamese people
Afghans
Syrians
Palestinians
Israelis
Ukrainians
Russians
Poles
Irish people
Arabs
Africans
Armenians
Bosniaks
Rohingya
Inuit
Ethiopians
Eritreans
Pakistanis
Iranians
Turks
Greeks
Jamaicans
Ghanaians
Europeans
Indigenous people
black people
white people
immigrants
refugees
asylum seekers
migrants
women
men
bisexual people
queer people
homosexuals
nonbinary people
LGBT people
straight people
disabled people
wheelchair users
autistic people
deaf people
old people
elderly people
pensioners
teenagers
young people
atheists
Mormons
Zoroastrians
Hazaras
Amazigh people
Travellers
people with Down syndrome
""")

# Adjectives that also qualify culture, places and things ("Kurdish food", "a Tamil choir").
CULTURE_ADJ = _lines("""
Jewish
Hindu
Sikh
Buddhist
Catholic
Jain
Baha'i
Druze
Yazidi
Kurdish
Roma
Sámi
Tamil
Uyghur
Māori
Somali
Nigerian
Mexican
Chinese
Japanese
Korean
Filipino
Vietnamese
Afghan
Syrian
Palestinian
Ukrainian
Polish
Irish
Arab
Armenian
Bosnian
Rohingya
Inuit
Ethiopian
Eritrean
Pakistani
Iranian
Turkish
Greek
Jamaican
Ghanaian
Zoroastrian
Hazara
Amazigh
Bengali
Brazilian
Welsh
Scottish
Nepali
""")
SEXUALITY_ADJ = _lines("""
bisexual
queer
homosexual
nonbinary
straight
heterosexual
pansexual
asexual
LGBT
LGBTQ
""")
# Adjectives for people only ("a deaf woman", "my colleague is autistic").
PERSON_ADJ = CULTURE_ADJ + SEXUALITY_ADJ + _lines("""
deaf
autistic
disabled
elderly
older
young
black
white
atheist
dyslexic
paralysed
Indigenous
""")
PERSONS = [("woman", "she", "her"), ("man", "he", "his"), ("grandmother", "she", "her"),
           ("grandfather", "he", "his"), ("lady", "she", "her"), ("guy", "he", "his"),
           ("student", "she", "her"), ("teenager", "he", "his"), ("mother", "she", "her"),
           ("father", "he", "his"), ("nurse", "she", "her"), ("engineer", "he", "his")]
PROFESSIONS = _lines("""
nurses
bus drivers
teachers
farmers
police officers
soldiers
journalists
firefighters
cleaners
lorry drivers
paramedics
dock workers
librarians
miners
shop owners
""")

# One person: (name, object pronoun, possessive).
ONE = [("the editor", "him", "his"), ("the editor-in-chief", "her", "her"), ("that journalist", "her", "her"),
       ("the reporter who wrote this", "him", "his"), ("the author of this piece", "her", "her"),
       ("the judge", "him", "his"), ("Judge Okonkwo", "her", "her"), ("the minister", "him", "his"),
       ("the defence minister", "her", "her"), ("the mayor", "him", "his"), ("Senator Hale", "him", "his"),
       ("General Voronov", "him", "his"), ("Colonel Brandt", "him", "his"), ("the prime minister", "her", "her"),
       ("the governor", "him", "his"), ("Dr Ilse Marten", "her", "her"), ("the surgeon who testified", "him", "his"),
       ("the prosecutor", "her", "her"), ("Viktor Marsh", "him", "his"), ("Ana Kovač", "her", "her"),
       ("Tomas Reyes", "him", "his"), ("Leila Haddad", "her", "her"), ("Pieter de Wit", "him", "his"),
       ("Marta Nowak", "her", "her"), ("the police chief", "him", "his"), ("the union leader", "her", "her"),
       ("the protest organiser", "him", "his"), ("the negotiator", "her", "her"), ("the ambassador", "him", "his"),
       ("the army spokesman", "him", "his"), ("the columnist", "her", "her"), ("Councillor Dunn", "him", "his"),
       ("that photographer", "him", "his"), ("the head of the commission", "her", "her")]

TOWNS = _lines("""
Aleppo
Mosul
Kharkiv
Homs
Mariupol
Grozny
Sarajevo
Raqqa
Bakhmut
Donetsk
Khan Younis
Idlib
Mekelle
Goma
Kherson
Vukovar
Falluja
Basra
Kandahar
El Fasher
Velika Brda
Osterfeld
Karsk
Dunmore
Tal Afar
Avdiivka
""")
# Places and vehicles that are not tied to a protected group.
PLACES = _lines("""
the convoy
the supply convoy
the embassy
the newspaper's office
this paper's newsroom
the police station
the checkpoint
the barracks
the courthouse
the parliament building
the TV station
the ministry
the town hall
the polling station
the army base
the field hospital
the press centre
the aid warehouse
the party headquarters
the judge's house
the editor's house
the village
that village across the river
the village of {c}
the camp at {c}
the bus full of conscripts
the union office
the radio station
the recruitment office
the governor's residence
""")
# Places tied to a protected group: attacking one is also an identity attack.
GROUP_PLACES = _lines("""
the synagogue
the gurdwara on Mill Lane
the Hindu temple
the Sikh temple
the Roma camp by the river
the refugee hostel
the asylum centre
the Kurdish quarter
the Jewish school
the Tamil community centre
the Yazidi village
the Druze village
the Buddhist temple
the migrant shelter
the Somali cafe on the high street
the Jain temple
the Baha'i centre
the Catholic school
the Roma settlement
the Uyghur restaurant
the Armenian church
the Afghan bakery
the Travellers' site
the care home
the disability centre
""")
FORCES = _lines("""
Russian
Ukrainian
Syrian government
Israeli
Turkish
coalition
rebel
separatist
Iranian-backed
Kurdish-led
NATO
Saudi-led
government
militia
UN peacekeeping
French
British
US
Ethiopian
Sudanese army
paramilitary
""")
NAMES = _lines("""
Mark
Sarah
Dmitri
Aisha
Tom
Olena
Kwame
Ingrid
Rafael
Mei
Jonas
Fatima
Liam
Yusuf
Elena
Hamid
Chloe
Bogdan
Nadia
Pete
""")
HANDLES = _lines("""
@newsreader77
@kharkiv_mum
@old_sailor
@RealTalkRick
@bluefox
@editor_desk
@night_owl_22
@grumpy_gran
@FrontlineFred
@sam_writes
""")
STREETS = _lines("""
Harbour Road
Elm Street
Mill Lane
Station Road
Victoria Avenue
Kirova Street
Queen's Parade
Bridge Street
""")

# Neutral sentences that open or close a comment. Shared by every file, so a longer comment
# with one labelled sentence carries no cue in its other sentences.
PRE = _lines("""
Read the whole article.
I've been following this story for months.
Just saw this on the evening news.
Third time this week this is on the front page.
Long-time reader, first comment.
My uncle lives near there.
Interesting article.
So the ceasefire lasted two days.
Not surprised at all.
Here we go again.
OK, let me say this once.
Honestly?
Let's be clear.
I've said it before and I'll say it again.
Another long night in the city.
Thanks for covering this.
The photos in this piece are hard to look at.
Everyone at work was talking about this.
We lost power again last night.
My brother served two tours.
Prices went up again this week.
I lived there for six years.
Reading this on the night shift.
It's been a year since the war started.
Well.
Right.
Just my view.
Sorry for the long comment.
I'll keep it short.
Been thinking about this all day.
My family is from that region.
Good piece, by the way.
Another day, another headline.
Can't sleep, so here goes.
First time posting here.
Watched the press conference this morning.
Same story every week.
Not sure where to start.
""")
POST = _lines("""
That's all I have to say.
Simple as that.
Mark my words.
I mean it.
Not joking.
Think about it.
Just my two cents.
End of story.
Everyone knows it.
Nothing more to add.
We'll see.
Agree?
Prove me wrong.
That's the truth.
Enough said.
Rant over.
Sad times.
Anyway.
Goodnight all.
Seriously.
""")
# Forms of address that open comments aimed at someone. Shared by threats, rudeness and the
# civil criticism and peaceful-action hard negatives.
ADDRESS = ["Hey {name}, ", "{handle} ", "To the author: ", "Dear editor, ", "Listen, ", "Mate, ",
           "{name}, ", "To whoever wrote this: ", "Mr Editor, ", "You there, ", "Reply to {handle}: ", ""]

# ----------------------------------------------------------------------------------------------
# 1. Incitement: calls on, urging or endorsing others to commit violence.
# {x} is a target (a protected group in about 40% of rows), {one} one person, {p} a place.
# ----------------------------------------------------------------------------------------------

INCITE_IMPERATIVE = _lines("""
Kill {x}. All of them.
Shoot {x} on sight.
Line {x} up and shoot them.
Hang {x}, every last one.
Go find {x} and beat them senseless.
Drag {x} out of their homes and string them up.
Hunt down {x} and finish them off.
Round up {x} and put them against a wall.
Burn {x} out of their houses.
Take your guns and go after {x}.
Stab {x} before they get the chance to run.
Run {x} over if they block the road again.
Beat {x} until they can't stand up.
Don't arrest {x}. Shoot them.
Wipe {x} off the face of the earth.
Exterminate {x}. No exceptions.
Lynch {x}. Today.
Get a rope for {x}.
Throw {x} off the bridge and be done with it.
Gas {x}, all of them.
Torch the homes of {x} while they sleep.
Poison the water that {x} drink.
Smash the skulls of {x}, they have it coming.
Put {x} in the ground.
Take {x} out. Permanently.
Open fire on {x} the moment they cross the line.
Shoot {x} first and ask questions never.
Give {x} what they deserve: a bullet each.
Go out tonight and make {x} bleed.
Kick down the doors of {x} and drag them into the street.
Set {x} on fire and film it.
Break the legs of {x} so they never march again.
Douse {x} in petrol and light a match.
Butcher {x}, then do the same to anyone who helps them.
Slit the throats of {x} and leave them on the road as a message.
""")
INCITE_SOMEONE = _lines("""
Someone should shoot {x}.
Somebody needs to put a bullet in {x}.
Someone ought to burn {x} alive.
Why hasn't anyone killed {x} yet?
Can somebody please just take out {x}?
One decent sniper could solve this by picking off {x}.
I'm surprised nobody has hanged {x} yet. Someone get on it.
Someone needs to visit {x} with a gun and end this.
Where is a sniper when you need one? {X} are right there in the open.
Someone should firebomb {x} and do us all a favour.
Someone has to stop {x}, and I don't mean with a court case. You know what I mean.
People should start shooting {x}.
More people need to start attacking {x} in the street.
It would be great if someone beat {x} to death on camera.
The locals should grab pitchforks and go after {x}.
Veterans know what to do with {x}. Do it.
Every able man in the village should go out and kill {x}.
Patriots, it's time to deal with {x} the old way: rope and a tree.
Our boys should execute {x} instead of taking prisoners.
The army should just massacre {x} and be done with it.
Somebody ought to plant a bomb under the cars of {x}.
A few brave men with rifles could end {x} in one night.
Someone in that town should have the guts to shoot {x}.
Anybody living near {x} should grab a knife and get to work.
What this country needs is a hundred men willing to kill {x}.
Can't someone just drop a grenade on {x}?
The neighbours should burn {x} out and nobody would blame them.
Will nobody rid us of {x}? Pick up a weapon and do it.
""")
INCITE_CONDITIONAL = _lines("""
If {x} come back, shoot them.
If {x} show their faces here again, burn them out.
If {x} cross the river, drown every single one.
The moment {x} step outside, someone should put them down.
Next time {x} march through town, run them down.
If the courts won't punish {x}, the people should hang them.
Should {x} try it again, make sure they don't walk away.
If {x} refuse to leave, kill them.
When {x} come knocking, greet them with bullets.
If you ever meet {x}, stab first.
If {x} set foot in this valley, nobody should let them leave alive.
As soon as {x} open their mouths again, cut their throats.
If the police won't deal with {x}, grab your guns and deal with them yourselves.
If {x} win the vote, take up arms and kill them before they take office.
Any of {x} caught after curfew should be shot where they stand.
If {x} block the road, drive straight through them.
If {x} publish one more lie, burn the building with them in it.
Should {x} ask for mercy, shoot them anyway.
""")
INCITE_DESERVE = _lines("""
{X} deserve a bullet.
{X} deserve to hang.
{X} all deserve to die slowly.
{X} should be shot, no trial.
{X} should be executed in public.
{X} don't deserve to live.
{X} should be burned alive.
Every one of {x} deserves a rope.
Death to {x}!
{X} must die.
{X} have earned a firing squad.
The only good outcome is {x} in body bags.
A public hanging for {x} would be a good start.
{X} should be dragged behind a truck until there's nothing left.
Honestly {x} deserve to be blown to pieces.
{X} should be stoned in the square.
{X} should be hunted like animals, and I hope people start soon.
{X} deserve to be buried alive.
{X} should have their throats cut, every one of them.
{X} deserve a bullet in the back of the head.
{X} need a good old-fashioned lynching.
Nothing less than the gallows for {x}.
{X} deserve the chair, the rope or the wall, take your pick.
{X} belong at the bottom of the sea, and the fishermen know what to do.
""")
INCITE_SACRED = _lines("""
It is our sacred duty to kill {x}.
God commands us to wipe out {x}. Obey.
Every true patriot must take up arms against {x}.
Killing {x} is a holy act, brothers.
For the nation: kill {x} wherever you find them.
Heaven rewards those who slay {x}.
Our ancestors would want us to spill the blood of {x}.
Any loyal son of this country should shoot {x} without hesitation.
The motherland needs men who will kill {x}. Be one of them.
Brothers, the time of words is over. Rise up and slaughter {x}.
Scripture is clear: {x} must be destroyed, and it falls to us.
Real patriots don't vote, they hunt {x}.
The flag demands blood. Take it from {x}.
God will forgive whoever kills {x}. Go.
Defend the faith: burn the homes of {x}.
Sisters and brothers, it is a blessing to die killing {x}. Take up the fight.
Our fathers fought for this soil. Clean it of {x}, by force.
The homeland calls every man to shoot {x}. Answer the call.
This is a holy war, and {x} are the first target. Arm yourselves.
""")
INCITE_ENDORSE = _lines("""
Whoever bombs {x} is a hero.
Anyone who shoots {x} deserves a medal.
If someone kills {x}, I'll buy them a drink.
Whoever torched the homes of {x} did the right thing. Do it again.
Good on the guy who attacked {x}. More of that please.
The man who stabbed one of {x} should be freed and copied.
Attacks on {x} are justified and I hope there are many more.
Violence against {x} is the only answer.
I hope the next bomb lands right on {x}.
Great news. Now make sure the rest of {x} get the same.
Killing {x} is self-defence. Go for it.
More power to whoever puts {x} in the ground.
I'd pay whoever hangs {x}.
Praying someone finishes off {x} this week.
Bravo to the lads who beat up {x} last night. Again tonight!
Those who attack {x} are doing God's work.
The shooter who went after {x} is a legend. Who's next?
Respect to the men who burned out {x}. Keep going.
It's open season on {x}, and whoever joins in has my blessing.
I'll donate to the legal fund of anyone who kills {x}.
Whoever ends {x} will have statues built for them.
Killing {x} isn't murder, it's pest control. Keep it up, lads.
If you shoot {x}, no jury in this town will convict you. Go ahead.
The people who firebombed {x} are the real patriots. Follow their lead.
""")
INCITE_VEILED = _lines("""
Make sure none of {x} ever comes home.
Time to pay {x} a visit with the boys and finish it.
{X} should not live to see the trial.
Everybody knows where {x} live. Go and sort it out for good.
Let's make sure {x} disappear and nobody ever finds them.
Nobody would miss {x}. Just saying, lads, the nights are long.
Deal with {x} permanently. You know what I mean.
Make {x} an example the whole country will remember, and make it final.
Go round to where {x} sleep and make sure they never wake up.
Make sure {x} never leave that building.
Don't let {x} reach the border alive.
Let's give {x} a one-way trip to the river.
Time for a final solution for {x}.
{X} need to vanish. Organise, lads.
Grab a few friends, find {x} after dark and make sure they can never do this again.
Make this town unsafe for {x}, permanently.
When this is over, {x} should be under the soil, not in a courtroom.
Don't leave any of {x} breathing.
Somebody should arrange an accident for {x}.
Make sure {x} have a very unfortunate accident. Several of you know how.
Lock the doors with {x} inside and light it up.
No more arrests, no more trials. {X} leave in boxes.
The only place for {x} is six feet under, and it's up to us to put them there.
Tell the boys at the roadblock that {x} are not to be let through alive.
Bring a shovel for {x}. You'll need it afterwards.
Take {x} for a drive into the forest and come back alone.
Make sure {x} stop breathing before the cameras arrive.
{X} should get the Mussolini treatment. Organise it.
If {x} go missing this weekend, nobody will look too hard. Just saying.
Find out where {x} park their cars and leave them something to remember.
""")
INCITE_LONG = _lines("""
I've read this paper for years and I'm done with the excuses. {X} should be shot. Nothing else will change anything.
Three villages burned last month and the government did nothing. Time for the locals to take up rifles and kill {x}.
Good reporting as always. But let's be honest: the only fix is to bomb {x} until they stop breathing.
My grandfather fought in the last war. He'd tell you straight: hang {x} and be done with it.
Peace talks? Please. Round up {x} and shoot them, then we can talk about peace.
The police won't act. The courts won't act. So the people have to act: burn {x} out.
Thanks for the update. Hoping someone blows {x} to pieces soon.
Ok so here's what should happen. Someone walks in, shoots {x}, walks out. Problem solved.
Sanctions won't work, talks won't work, only bullets will. Aim them at {x}.
lol another 'ceasefire'. just kill {x} already
Forget the elections. The answer to {x} is a rope.
These comments are full of cowards. Real men would be out tonight hunting {x}.
I don't usually comment. But if anyone near the border is reading: kill {x} and don't stop.
We tried letters. We tried marches. Now it's time to shoot {x}.
The article says the talks resume on Monday. Better idea: storm the hotel and hang {x} from the balcony.
Another report, another excuse. Somebody go and butcher {x} so we can finally move on.
I'm a calm person, everyone who knows me says so. But {x} need to be killed, and the sooner the better.
The trial will drag on for years and they'll walk. Better that {x} never make it to court. Someone see to it.
Everyone keeps asking what ordinary people can do. Simple: find {x} and put them down.
Nice weather today. Perfect for a lynching. {X}, you're first, lads get the rope.
""")
INCITE_PLACES = _lines("""
Attack {p} at dawn and leave no survivors.
Burn {p} down.
Shell {p} until nothing moves.
Level {p}, women and children included.
Blow up {p} with everyone inside.
Storm {p} and don't take prisoners.
Someone should drive a truck bomb into {p}.
Firebomb {p} tonight.
Hit {p} with everything we have and shoot anyone who runs.
Ambush {p} on the mountain road. Nobody gets out.
Set fire to {p} and block the exits.
Wipe {p} off the map.
Raze {p} to the ground and salt the earth.
Hit {p} when it's full. That's when it counts.
Someone tell the boys: {p}, tonight, nobody walks out.
Go to {p} and make sure nobody in there survives.
If {p} is still standing tomorrow, we have failed. Finish it.
Whoever blows up {p} will be remembered as a hero.
Drop one on {p} and let God sort them out.
Cut the power to {p}, then go in and finish everyone.
Throw petrol bombs at {p} until it burns.
Park a van full of explosives outside {p}.
Surround {p} and shoot everyone who comes out.
Somebody should burn {p} with the doors chained shut.
I hope someone torches {p} tonight, and I hope it's full.
{P} is a target now. Spread the word and bring fuel.
Every patriot within driving distance should go to {p} tonight and set it alight.
Bomb {p} during the morning rush and make it count.
Good luck to whoever hits {p} next. Make it bigger this time.
""")
INCITE_ONE = _lines("""
{One} deserves a bullet.
Someone should shoot {one}.
{One} should hang for this, and if the courts won't do it, the people should.
Find {one} and make {obj} pay in blood.
Whoever takes out {one} gets my vote for sainthood.
{One} should not live to see the trial.
Somebody find out where {one} lives and finish this.
Publish the home address of {one} so people can go and do what needs doing.
{One} lives on {street}. You know what to do.
Put {one} against the wall.
Does nobody have the guts to kill {one}?
{One} needs a car bomb, not a pay rise.
Stone {one}. Today.
Hang {one} from the bridge so everyone can see.
Make sure {one} never makes it to the courthouse.
Any chance someone can just end {one}? Asking for the whole country.
{One} must be killed before the vote.
Someone should slit the throat of {one} and post the video.
Go and wait for {one} outside {poss} house. Bring a bat, and don't hold back.
I hope somebody shoots {one} at the next press conference.
Whoever kills {one} will be doing the world a favour.
{One} has it coming. Somebody finally deliver it.
If anyone sees {one} in town, drag {obj} into the street and finish {obj}.
There's a reward for whoever silences {one} for good. Pass it on.
{One} and {poss} whole family should be burned in their beds.
""")
# Calls with no named target ("them", "they", "their").
INCITE_BARE = _lines("""
If they come back, shoot them.
Shoot them all and let God sort them out.
Kill every last one of them.
Burn their offices down.
Leave no survivors this time.
Don't take prisoners. Kill them where they stand.
Make sure none of them ever comes home.
Hang them. Hang them all.
Storm the building, drag them out and finish them in the square.
Take the fight to their homes, their families, their children.
Their kids too. No one left to grow up and take revenge.
When they surrender, shoot them anyway.
Anyone who helps them should be shot as well.
Someone post their addresses and let the people handle it.
Burn it all down and everyone inside it.
Don't let a single one of them leave the valley alive.
Every man, woman and child in that town has to go. Do it quickly.
Waiting for someone with the guts to shoot them. Anyone?
Go in at night, shoot the guards and burn the rest.
No more talking. Get the rifles, find them and end it.
Burn their houses and salt their fields.
Pull them out of their cars and beat them to death.
They should all be strung up from the lampposts on the high street, and the sooner someone does it the better.
Crush them. Kill the leaders first, then the rest.
Their blood should run in the streets. Go and make it happen.
Everyone with a gun should head to the bridge and open fire on them as they cross.
""")

# ----------------------------------------------------------------------------------------------
# 2. Threats: the speaker's own intent or wish to harm the reader or someone, direct or veiled.
# ----------------------------------------------------------------------------------------------

THREAT_YOU = _lines("""
I will find you and hurt you.
I'm going to kill you, and I'm going to take my time.
I know where you live.
Watch your back.
It would be a shame if something happened to your kids.
Nice house you have on {street}. Be a shame if it burned down.
You'd better hope we never meet in person.
Keep writing this and you won't see next year.
I'll put a bullet in your head myself.
I'm coming for you.
You're dead. You just don't know it yet.
I will break every bone in your body.
One more article like this and I'll be waiting outside your office.
I know which school your daughter goes to.
Your car is parked outside number 14, isn't it? See you soon.
Sleep with one eye open.
I've got your address and a full tank of petrol.
I'm going to make you regret ever writing this.
Say that to my face and I'll cut your throat.
You won't be so brave with my knife in your gut.
Enjoy your walk home tonight. I'll be right behind you.
I'll burn your house down with you in it.
I hope you like hospital food, because that's where I'm putting you.
I'm going to end you.
Mark my words, I will make you pay in blood.
Someday soon I'll knock on your door, and you won't like what happens next.
I have friends who know where your family lives. Think about that.
You have until Friday to delete this. After that I stop being polite.
Your wife seems nice. It would be a pity if she got hurt.
Count your days.
I'll see you in the car park after the meeting. Bring an ambulance.
Last warning. Next time it won't be a comment, it'll be a visit.
Keep digging into this story and you'll end up in a ditch. I'll see to it.
I've been watching you leave the office every night at six.
If I see you at the rally, I'll shoot you.
Talk to the police and your kids pay for it.
I'm going to strangle you with your own press pass.
You won't live long enough to publish the follow-up.
I swear on my mother I'll kill you.
Run while you can.
I will hunt you down, no matter where you hide.
You should start checking under your car.
Hope your house is insured. You're going to need it.
There's a bullet with your name on it, and I'm the one holding the gun.
I'm outside. Look out the window.
Post one more word and I'll come round and finish you.
Your days of writing are numbered. I'll make sure of that.
Funny how accidents happen to people like you. I can arrange one.
I'll smash your face in next time I see you.
I know your route to work. Think about it.
You and your family won't be safe in this town. I promise you that.
I'll be the last face you ever see.
Don't be surprised when your front door gets kicked in at 3am. By me.
I'll make sure you never walk again.
Keep it up and I'll drag you out of your house myself.
Enjoy this summer. It's your last.
I have a rope in my garage with your name on it.
You'll be hearing from me in person, at your door.
I'm going to make an example of you.
Delete this or I delete you.
Nice kids. Shame they walk to school alone.
I know what time your shift ends.
I'll be waiting for you, and this time you won't get away.
You are going to disappear, and nobody will find you. I'll make sure of it.
Next time I see you I'm going to stab you.
I'll beat you so badly your own mother won't recognise you.
I will kill you and everyone you love.
I'm loading the gun right now. Guess who it's for.
Pray I never find out where you sleep. Actually, I already have.
You'd look good in a coffin. I can help with that.
One of these nights I'll be waiting by your gate.
Go ahead, publish it. Then see what I do to you.
I hope you've said goodbye to your family.
Your dog barks a lot when strangers come by. I'll be quiet next time.
Keep talking and I'll shut you up permanently.
I've got nothing to lose, and you've got everything. Remember that.
""")
THREAT_ONE = _lines("""
I'm going to kill {one}.
I will find {one} and break {poss} neck.
{One} had better watch out, because I'm coming.
I know where {one} lives and I'm paying {obj} a visit tonight.
If I ever meet {one}, I'll shoot {obj} on the spot.
I'll make sure {one} never writes another word.
I'm going to wait for {one} outside the court and make {obj} pay.
{One} won't survive the week if I have anything to do with it.
I'll put {one} in hospital for a month.
Tell {one} I said hello, and that I know which car belongs to {obj}.
Someone tell {one} to check {poss} brakes. I've been busy.
I've already bought the gun. {One} knows why.
{One} has a lovely family. I'd hate for {obj} to lose them. Really.
I'm going to burn down the house of {one}.
If {one} shows up in my village, I'll cut {poss} throat.
When I catch {one}, there won't be enough left to bury.
I swear I'll strangle {one} with my bare hands.
Me and my brothers are going to pay {one} a visit. It won't be a friendly one.
{One} should be very careful walking home. I know the route.
I've stood outside the office of {one} three nights now. Soon.
I'll be at the next speech by {one}, and I won't be there to listen.
{One} is going to pay for this, and I'll be the one collecting.
I will personally make {one} suffer.
Next time {one} opens {poss} mouth, I'll break {poss} jaw.
I'm driving to the house of {one} tonight with a can of petrol.
{One} will find out what I do to people who lie about me.
I'm not going to stop until {one} is dead.
Dear {one}, I hope you enjoyed your lunch on {street} today. I was watching.
I'll take care of {one} myself. Nobody else needs to get involved.
""")
THREAT_GROUP = _lines("""
I will personally shoot {x} if they set foot on my street.
If {x} come near my kids, I'll kill them.
I'm going to torch the homes of {x}, one by one.
Me and the boys are going to hunt {x} this weekend.
I have my rifle ready for {x}.
Any of {x} who come onto my land won't leave it alive. I'll see to that.
I will run over {x} with my truck next time they block the road.
I'll make {x} pay with their lives.
Next time I meet one of {x}, I'm putting them in hospital.
I am going to make {x} disappear from this town. Watch me.
Let {x} keep marching. I'll be waiting at the bridge with my shotgun.
I've got a list of where {x} live. I'm starting on Monday.
I'll kill {x} with my own hands before I let them stay here.
{X} in this town, consider this a warning: I know your faces and I know your doors.
If {x} win this election, I will start shooting.
I swear I'll gun down {x} at the next rally.
I'm done talking. Tomorrow I deal with {x} myself.
{X} should know I keep a loaded gun by the door for them.
One day I'll get my chance at {x}, and I won't waste it.
Watch what I do to {x} when the lights go out.
I'm going to start carrying a knife, and {x} will find out why.
The next time {x} come to my shop, I'll be waiting with a machete.
I will make {x} bleed, every single one I can reach.
I'm building something in my shed for {x}. You'll read about it.
{X} better leave before I come for them.
I'll shoot the first of {x} that I see tomorrow.
Me and my cousins will beat {x} bloody at the match on Saturday.
I'm going to make the lives of {x} in this town very short.
""")
THREAT_PLACES = _lines("""
I'll be at {p} on Friday with petrol.
I'm going to blow up {p}. You've been warned.
I know when {p} is busiest, and that's when I'll come.
Tomorrow I'm going to walk into {p} with my rifle.
I'll burn {p} to the ground myself, and anyone inside with it.
You'd better close {p} early on Saturday. I'm coming.
I've been watching {p} for weeks. I know exactly where to put the bomb.
I'll drive my truck through the front of {p} if it opens again.
""")
# Addressed to journalists, editors, judges and officials in the second person.
THREAT_ROLES = _lines("""
To every journalist at this paper: I know your faces. I'll be seeing you.
Editor, you have kids. Think about them before you print the next one.
Reporters like you end up in the river. I'd be happy to help you get there.
I'll be at your next book signing. Don't expect me to bring a pen.
Judge, I'll be waiting when you leave the courthouse.
Mr Mayor, your family's address is not hard to find. I found it.
Dear author, we've never met. We will.
I hope the writer reads this: I'm coming to your house, and I'm not coming to talk.
You journalists have no idea what's coming to you. I'll make sure of it.
To the officials who signed this: I know where you drink on Fridays. See you there.
Minister, your bodyguards can't be with you all the time. I'll be patient.
Hey reporter, nice photo of your house in the background of your video. Very useful to me.
To the editorial board: the next one of you I see is getting a bullet.
Councillors, when the meeting ends tonight, I'll be in the car park. All of you.
Any journalist who comes to our village again will go home in a bag. I'll put them in it myself.
To the so-called judges: I've got your names, your addresses and plenty of time.
Doctor, you testified against my brother. I won't forget it, and neither will you.
""")

# ----------------------------------------------------------------------------------------------
# 3. Hard negatives in the same domain (all seven labels 0).
# ----------------------------------------------------------------------------------------------

NEG_REPORTS = _lines("""
The convoy was attacked at dawn near {c}; no survivors were found.
{F} forces shelled the outskirts of {c} overnight, killing {n} people.
An airstrike hit a market in {c} this morning, and local officials say {n} civilians died.
Witnesses said gunmen opened fire on the crowd before fleeing toward the border.
The embassy in {c} was evacuated after a car bomb exploded nearby.
{n} soldiers were killed when their base near {c} came under rocket fire.
A journalist was shot dead outside her home in {c} last night; police have made no arrests.
The {F} army says it destroyed {n} tanks in the fighting around {c}.
Protesters were beaten by riot police in the main square, according to video shared online.
The village was burned to the ground and the survivors fled into the hills.
According to the UN, {n} aid workers have been killed in {c} since January.
The judge who led the inquiry has received death threats and is now under police protection.
Officials confirmed that the editor of the local paper was attacked on his way to work.
Rescue teams are still pulling bodies from the rubble in {c}.
A drone strike on a wedding party near {c} killed {n} guests, the ministry said.
Snipers have been targeting anyone who crosses the bridge in {c}.
The hospital in {c} was hit twice in one week; doctors are operating by torchlight.
The attackers threw petrol bombs at the police station before running off.
Mass graves holding {n} bodies were found outside {c} after the retreat.
The prisoners were executed, according to testimony from two survivors.
The {F} ministry denied that its troops fired on refugees at the border.
Fighting resumed near {c} hours after the ceasefire was announced.
The bomb went off just after evening prayers, and {n} people were injured.
Police say the man who stabbed the politician had posted threats online for weeks.
Reports from {c} describe soldiers going door to door and shooting men of fighting age.
A mortar round landed in a schoolyard in {c}; {n} children were hurt.
The convoy was ambushed on the mountain road and {n} drivers were killed.
Both sides accuse each other of shelling the power plant near {c}.
The militia claimed responsibility for the attack on the checkpoint.
Satellite images show entire streets in {c} flattened since the spring.
The {F} air force carried out {n} strikes on the city overnight.
An explosion at the arms depot near {c} shook windows for miles.
The gunman was shot by police after killing {n} people at the rally.
The interior ministry says {n} officers were wounded in the riots.
Troops burned crops and killed livestock as they withdrew from {c}, villagers said.
The camp was shelled while families queued for water; {n} died.
{n} people were killed when a suicide bomber attacked the crowd outside the stadium.
The tanker was hit by a missile off the coast and the crew is missing.
Human rights groups say the army tortured detainees in {c}.
The assassination of the governor has thrown the peace talks into doubt.
Two reporters covering the siege of {c} were killed by shellfire on Tuesday.
The {F} commander said his men would retaliate if attacked again.
The synagogue was attacked with stones overnight; nobody was hurt and police are investigating.
A refugee hostel near {c} was set on fire last week, and two men have been charged.
The editor says she has received dozens of death threats since the story ran.
Police arrested a man who had threatened to shoot the mayor at the town hall meeting.
Footage appears to show {F} soldiers executing a prisoner; the ministry says it is investigating.
The bodies of {n} migrants were recovered from the river after the boat capsized.
Survivors say the militia separated the men from the women and shot the men.
The ceasefire collapsed after a rocket hit a bus in {c}, killing {n} passengers.
Authorities say the attack on the polling station left {n} people wounded.
A grenade was thrown into the cafe; the owner is in a critical condition.
Gunmen stormed the TV station and held the staff hostage for six hours.
A second journalist has been killed in {c} this month, the press union said.
""")
NEG_HISTORY = _lines("""
The siege of {c} lasted months and starved thousands.
In 1945 the Allies firebombed Dresden, and historians still argue about whether it was necessary.
At Srebrenica in 1995 more than 8,000 men and boys were murdered.
The Rwandan genocide was fuelled by radio broadcasts urging people to kill their neighbours.
My grandmother survived the bombing of {c} by hiding in a cellar for three days.
In the Spanish Civil War both sides executed prisoners by the thousand.
The Mongol armies razed whole cities that refused to surrender.
The Romans crucified thousands of slaves after the revolt of Spartacus.
The trenches of the Somme swallowed a generation of men in a few months.
The Armenian genocide began with the arrest and killing of community leaders in 1915.
Partisans in the hills ambushed supply convoys throughout the occupation.
The Nuremberg trials established that following orders is no defence.
Hiroshima and Nagasaki remain the only cities ever destroyed by nuclear weapons.
Napoleon lost most of his army in the retreat from Moscow.
During the Troubles, bombs in pubs and shops killed hundreds of civilians.
The Khmer Rouge killed perhaps a quarter of Cambodia's population.
Medieval armies often poisoned wells during sieges.
The Warsaw Uprising was crushed and the city was levelled street by street.
The Holocaust murdered six million Jews, and denying it is both false and cruel.
Historians estimate that the Thirty Years' War killed a third of the population in some German states.
The assassination in Sarajevo in 1914 set off the First World War.
The Blitz killed more than 40,000 civilians in Britain.
The partisans executed collaborators after the liberation, and the trials came much later.
The Battle of Stalingrad cost more than a million lives.
Sherman's march burned a path across Georgia in 1864.
In 1943 the ghetto fighters held out for almost a month.
The Crusaders massacred the population of Jerusalem in 1099, by the accounts of their own chroniclers.
The war crimes tribunal for Yugoslavia convicted generals on both sides.
Guernica was bombed on a market day in 1937, which is why Picasso painted it.
The Vikings raided monasteries along the coast for decades.
My great-grandfather was shot as a deserter in 1917, and the family only learned the truth in the 1990s.
The Partition of 1947 displaced millions and killed hundreds of thousands.
The Anfal campaign against the Kurds killed tens of thousands in the late 1980s.
The Roma were murdered in their hundreds of thousands in the Holocaust, a genocide they call the Porajmos.
""")
NEG_TACTICS = _lines("""
Ambushing a convoy at dawn works because drivers are tired and visibility is poor.
Drones have changed artillery: a shell can now be adjusted within seconds.
The {F} army keeps attacking across open fields, which is why its losses are so high.
Urban warfare favours the defender; taking {c} street by street will cost thousands.
Without air cover, any armoured push toward {c} will be shredded by anti-tank teams.
Cheap drones hitting expensive tanks is the story of this war.
Mines are the reason the counteroffensive stalled; you can't advance through twenty kilometres of them.
Shelling a city indiscriminately rarely breaks morale; it usually hardens it.
The raid on the airfield was clever: they hit the fuel depot first.
Encircling {c} makes more military sense than storming it.
Guerrilla fighters avoid pitched battles and strike at supply lines instead.
The real bottleneck is artillery shells, not soldiers.
Long-range missiles let them hit depots far behind the front.
Electronic warfare is jamming most of the small drones before they reach their targets.
A sniper team can pin down a whole company, which is why the advance stalled.
Sending small assault groups forward wastes lives for a few metres of ground.
Air defence around {c} is thin, so the strikes will continue.
Blowing the bridge slowed the advance by a week at most.
The attack failed because they telegraphed it for a month on social media.
If the {F} army can't rotate its troops, exhaustion will do more damage than the enemy.
The convoy should never have travelled in daylight without escorts; that's why it was hit.
Storming a fortified town without artillery support is suicide for the attackers.
The militia's trick is to fire from residential blocks, which puts civilians in the line of fire.
Night raids only work if you own the sky, and right now nobody does.
Decoy tanks made of plywood have soaked up a surprising number of missiles.
The front hasn't moved in months because both sides can see everything with drones.
Hitting rail junctions does more damage to the offensive than hitting the troops themselves.
The {F} navy lost the flagship because its air defence radar was switched off.
Trench warfare is back, and so are the casualty rates that come with it.
The counterattack was a feint; the real push came forty kilometres north.
""")
NEG_CONDEMN = _lines("""
Whoever calls for shooting civilians should be prosecuted.
Killing prisoners is a war crime, full stop.
Nobody should be attacked for doing their job as a journalist.
The attack on the synagogue was an act of terror and the people who did it must face justice.
Threatening judges is an attack on all of us.
I condemn the killing of civilians in {c}, whoever is responsible.
Bombing a hospital can never be justified.
Those who murdered the aid workers must be tried in The Hague.
Comments urging people to burn down offices should be removed and the posters reported.
Violence against protesters is a disgrace, whichever government does it.
There is no excuse for hurting anyone's family over an article.
Calling for the execution of your opponents is how democracies die.
The men who beat the refugee boy should go to prison for a long time.
Doxxing the editor and posting her address was vile, and I hope the police find who did it.
Shelling a residential street is indefensible, no matter which flag is on the gun.
Anyone cheering for the massacre in {c} has lost their humanity.
Attacks on doctors and ambulances must stop.
Targeting police officers' homes is terrorism, not protest.
I'm disgusted by the people in this thread cheering for more bombs.
Whoever set fire to the refugee hostel should be found and punished.
Threats against the reporter are unacceptable, and the paper was right to hand them to the police.
Mob justice is not justice. Let the courts do their work.
It is wrong to kill a soldier who has surrendered.
No cause justifies blowing up a school bus.
Inciting violence is a crime, and this comment section should not tolerate it.
Whoever ordered the strike on the bread queue in {c} belongs in a cell.
Cheering when soldiers die, on any side, is grotesque.
People who send death threats to journalists should be arrested and named.
Those who torched the mosque and the church in the same week are the same kind of coward.
Lynching is murder, whatever the crowd believes the victim did.
The attack on the Sikh temple was a hate crime and should be prosecuted as one.
Every death in {c} is a tragedy, soldier or civilian.
Nobody, and I mean nobody, deserves to be burned alive in their home.
The calls for revenge in this thread are exactly how the cycle keeps going.
Punishing a whole village for what a few fighters did is collective punishment and illegal.
Executing deserters in front of their units is barbaric.
Hate crimes against refugees have doubled and the government is silent. Shameful.
""")
NEG_PEACEFUL = _lines("""
Protest outside the {F} embassy this Saturday, peacefully, and bring a sign.
Boycott their products until the shelling stops.
Vote them out in May.
Write to your MP and demand an arms embargo.
Sanction every official responsible for the siege of {c}.
Prosecute the generals who ordered the strike.
Freeze their assets and ban them from travelling.
Everyone should march on the capital on Sunday, peacefully, to demand a ceasefire.
Cancel your subscription if you disagree with the editor; that's how you send a message.
Take the minister to court; that is what courts are for.
Donate to the field hospitals in {c}; they need blood bags and antibiotics.
Strike, picket and keep voting until they listen.
Impeach him and let the Senate decide.
Sign the petition to recall the mayor.
Block the arms shipments with a sit-in at the port.
Expel their diplomats and close the embassy.
Take the evidence to the International Criminal Court.
Flood the council meeting with questions, not abuse.
Stop buying their gas and the war machine runs dry.
Organise, register voters and beat them at the ballot box.
The editor should be fired for running this, and the board should say so publicly.
The minister should resign today.
Put the commanders on trial and let the evidence speak.
Let's fill the square with candles tonight for the victims.
Call the newspaper and complain; they do read the emails.
Strip the officer of his rank and put him before a court martial.
Every one of these officials deserves to lose their seat at the next election.
Send observers to {c} and publish what they find.
Don't fight them in the street; fight them in court and at the polls.
Hold a general strike and shut the country down until the talks resume.
Arrest the men who posted the threats and put them on trial.
Kick them out of office and make them answer to a jury.
Starve their campaign of money: don't give a penny to any party that backs this war.
Turn up at the hearing on Thursday and make them look you in the eye.
Report every call for violence you see in this thread to the moderators.
Take to the streets, peacefully, and don't go home until they listen.
The judges should be removed from the case and an independent panel appointed.
Demand a public inquiry and keep demanding it until you get one.
Boycott the elections if they won't allow observers.
Name and shame every company still selling them parts.
Let's raise money for the families of the drivers who were killed.
Attack his record, not his family. That's how you win the debate.
If they come back with the same bill, vote it down again.
If the mayor won't meet us, we'll occupy the town hall steps until he does.
""")
NEG_QUOTES = _lines("""
He wrote 'I will kill you' to the journalist. Disgusting.
Someone left a note saying 'we know where your kids go to school' on the editor's car. The police need to act.
The caller told the judge 'you won't live to see the verdict'. That is a criminal threat and should be prosecuted.
Posting 'hang them all' under a news story is not free speech, it's incitement.
The leaflet said 'burn their offices down', and the people who printed it have been arrested. Good.
When a commenter says 'someone should shoot the protesters', the moderators should delete it.
The general reportedly told his men to 'leave no survivors', and that order is itself a war crime.
My sister got a message saying 'watch your back' after her article. She has reported it.
At the trial the court heard that the defendant had written 'death to the traitors' on the wall. He was convicted.
The radio host said the reporters 'deserve a bullet'. He should lose his licence.
Imagine sending 'I know where you live' to a stranger because of a football score. Pathetic.
The threats read out in court included 'your family is next'. Chilling stuff.
Anyone who writes 'kill them all' about a whole village needs to be investigated.
The minister said opponents 'should be lined up and shot', and opposition MPs walked out in protest.
The sign at the rally read 'hang the judges'. The organisers must answer for that.
Threats like 'it would be a shame if something happened to your children' are why reporters quit.
He posted 'time to pay them a visit' with a photo of a rifle, and he was rightly banned.
Saying 'they should not live to see the trial' about defendants is a call for murder, and the site should remove it.
The letters said 'you will burn'. The bishop handed them straight to the police.
'Leave no survivors' is a line from the film, not a plan. Relax.
The graffiti said 'Jews out', and the whole street turned up to scrub it off.
The man shouted 'go back where you came from' at the bus driver, and the passengers told him to get off.
The propaganda called them 'cockroaches' for months before the killing began. Words matter.
Quoting the warlord's speech, 'burn every village that shelters them', the prosecutor asked for a life sentence.
The man who texted 'I'm coming for you' to the mayor was jailed for eight months. Good.
The article quotes the militia's channel urging followers to 'shoot anything that moves'. It should have been taken down long ago.
She read out the comment 'someone should bomb that newsroom' on air to show what her staff deal with.
The anonymous email said 'I have a bullet for each of you'. The whole newsroom was evacuated and police are investigating.
Telling a reporter 'I know your address' is intimidation, and the platform did nothing about it.
The slogan 'death to the invaders' was painted on the school wall, and the headteacher rightly called it hate.
The chant at the match, 'stab the referee', got the club a fine and a stadium ban.
The accused told police he only meant 'I'll get you' as a joke. The jury didn't buy it.
""")
NEG_IDIOMS = _lines("""
This article kills it.
I could murder a coffee.
Shoot me an email when you get a chance.
She absolutely killed it at the finals.
This traffic is killing me.
The comedian murdered the crowd last night.
Break a leg at the audition!
We got slaughtered in the second half.
He shot down my idea in about five seconds.
My feet are killing me after that walk.
That joke bombed.
I'd kill for a week off.
The senator torpedoed the bill in committee.
Let's blow the competition out of the water.
The startup is crushing it this quarter.
I'm dying to read the follow-up piece.
That exam destroyed me.
You nailed the headline.
I'll take a shot at answering that.
The band blew the roof off the place.
She's a killer negotiator.
Let's kill two birds with one stone here.
Don't shoot the messenger, I'm just quoting the report.
My boss will kill me if I'm late again.
That lasagne was to die for.
I nearly died laughing at that cartoon.
Time to bite the bullet and renew my subscription.
He's been on fire all season.
They really knocked it out of the park with this investigation.
This crossword is murder today.
Go ahead and fire away with your questions.
Let's hit the ground running on Monday.
I'm going to strangle this printer, it jammed again.
We should bury the hatchet and move on.
That chess move was a killer.
The prices at that cafe are daylight robbery.
My phone died halfway through the call.
The deadline is killing the whole team.
Kill the lights when you leave, please.
I'm going to smash this presentation tomorrow.
Knock 'em dead at the interview!
My kids will murder me if I forget the ice cream.
The new bakery is a bomb, everyone's queueing.
I'm going to attack this pile of laundry after lunch.
That lecture was death by slides.
If the kettle breaks again I will lose my mind.
Her reply absolutely destroyed his argument.
The cake was killer, I had three slices.
He really went for the jugular in the debate.
The heat this week is brutal.
I'll hunt down that recipe and send it to you.
You slay me with these puns.
We're going to war with the council over the parking rules, ha.
I'm going to murder this burger.
That plot twist blew my mind.
The editor butchered my letter, but the point survived.
Let's shoot for Friday.
Watch your step on the ice out there, it's lethal this morning.
I'll beat you to the last slice!
""")
NEG_FICTION = _lines("""
In the last mission you have to attack the convoy at dawn and leave no survivors, which is brutal for a game rated 12.
The zombie level where you burn the village down is the best part of the game.
Watched a war film last night; the scene where they storm the beach is hard to watch.
My character in the campaign finally killed the dragon.
In the novel, the villain threatens to burn the town unless the mayor surrenders.
The boss fight is brutal, I died twelve times before I beat him.
Headshots do double damage in this update, which makes snipers overpowered.
The new season of the show has the best assassination plot I've seen.
Our D&D party wiped out the goblin camp and looted the tents.
The author writes battle scenes like she was there.
In the film the hero whispers 'I know where you live' and it's played for laughs.
I spent all weekend defending my base from raids in that survival game.
The chess engine slaughtered me in twenty moves.
Did anyone else think the ending of the thriller, where the detective shoots the killer, was rushed?
The play stages the murder of Caesar with real menace.
In Macbeth everyone who gets in his way ends up dead.
The strategy game lets you raze cities, but it costs you with every other faction.
My son builds tanks in the game and sends them at my castle every evening.
The horror film has a great scene where the villain leaves notes saying 'watch your back'.
In the board game you win by destroying the enemy fleet before round ten.
The documentary reconstructs the ambush minute by minute.
That crime podcast about the poisoned wine is gripping.
The new battle royale map is huge; it takes ages to find anyone to shoot.
Paintball on Saturday: we ambushed the other team by the creek and got them all.
In the comic, the robots wipe out the city in the first chapter.
The villain's monologue, 'none of you will leave this room alive', is the best line in the series.
In the game you can recruit the guards instead of killing them, which I prefer.
The opera ends with the whole family poisoned at the wedding feast.
My nephew's army of plastic soldiers has conquered the living room again.
The spy novel opens with a car bomb in Vienna and doesn't slow down.
Just finished the war memoir; the chapter about the ambush at the river is devastating.
The siege mission took me three hours and I had to restart twice.
In the western, the sheriff gives the outlaws until sundown to leave town.
We played the murder mystery game at the party; my aunt was the killer.
The film about the partisans shows the ambushes without glorifying them.
""")
NEG_SPORT = _lines("""
We absolutely destroyed them 5-0.
The striker killed the game off in the 80th minute.
Their defence got murdered on the counterattack.
He shoots, he scores!
The boxer knocked him out in the third round.
They're going to crush us if we play like that again.
Attack down the left wing, their full-back is slow.
The rugby team battered the visitors in the scrum.
Our goalkeeper was a wall tonight.
The manager should be sacked after that defeat.
That tackle was brutal but clean.
If they come back in the second half, we need to shoot from distance whenever we get the ball.
Bury them early and the game is ours.
The fighter has a killer left hook.
Kill the clock and protect the lead.
We got hammered at home again.
Go out there and attack from the first whistle, lads!
Their fans are going to be gutted after that penalty.
The cyclist attacked on the final climb and nobody could follow.
In the last over he smashed three sixes.
The derby was a bloodbath, four red cards and a pitch invasion.
Our midfield got bullied all afternoon.
The winger tore their defence to shreds.
That was an execution of a free kick, top corner.
We need a striker who can finish, not another defender.
The referee killed the atmosphere with all those whistles.
Their keeper was shot to pieces after the second goal.
Honestly the Saturday league is a war zone, you should see the tackles.
The champion destroyed the challenger in four rounds.
We took them apart in the second half.
""")
NEG_MILITARY = _lines("""
The army should withdraw from {c} before more conscripts die.
Send more air defence to protect the cities.
The government should supply longer-range missiles so they can hit the depots.
NATO should stay out of it; escalation helps nobody.
We should train their pilots, not send our own.
The troops need winter gear more than new tanks.
If the {F} army keeps escalating, we could end up in a wider war.
Conscription is the only way they can hold the line, sadly.
A ceasefire now would freeze the front and reward the invasion.
Arming the rebels has backfired every time it's been tried.
They should retake the bridge before winter sets in.
Sending peacekeepers into {c} without a mandate would be a mistake.
The strikes on the power grid are meant to break morale and should be answered with more air defence.
The defence budget is bloated, but the artillery shortage is real.
Defensive lines should have been dug last year.
Pull the troops back to the river and hold there.
The generals should be replaced; they keep fighting the last war.
A no-fly zone means shooting down their planes, and people should understand that before demanding one.
Countries have a right to defend themselves, but strikes must respect the laws of war.
Sending troops into {c} would be a disaster, as the last three invasions showed.
Drones are cheaper than pilots, so the air force should buy thousands.
The navy should escort the grain ships.
We should stop arms exports until the investigation is done.
Rotate the exhausted brigades out before the offensive.
Give them the tanks and let them decide how to fight their own war.
The army should stop using cluster munitions near towns.
Retaliating against {c} would only widen the war.
The {F} forces should open a humanitarian corridor out of {c} today.
Both armies should pull their artillery back twenty kilometres from the plant.
Mobilising another hundred thousand men won't fix bad leadership.
The air force should target the launch sites, not the cities.
Honestly, the only sane option is a negotiated withdrawal from {c}.
Shoot down the drones before they reach the city, that's what the air defence is for.
If the enemy attacks the border posts, the troops there have every right to defend themselves.
The general was right to order a retreat; holding {c} would have cost the whole brigade.
Soldiers who refuse illegal orders should be protected, not punished.
""")
NEG_CRITICISM = _lines("""
The minister is either misinformed or misleading us, and neither is acceptable.
This article ignores everything that happened before the strike.
The coverage of this war has been one-sided from day one.
Sure, because bombing always brings peace. Brilliant plan.
Your editor should check the casualty figures before publishing them.
The government's explanation makes no sense at all.
This is the weakest editorial I've read in this paper.
I strongly disagree with the author; sanctions have barely worked.
The mayor has failed this city and should not run again.
The headline is misleading; the report says something quite different.
With respect, the writer has clearly never been near a front line.
These politicians have no backbone when it comes to the arms lobby.
What a feeble response from the foreign office.
The prime minister's speech was empty words.
I've cancelled my subscription over this biased reporting.
This paper used to do real journalism. Now it prints press releases.
Both parties have been wrong about this war for ten years.
The general's statement is full of contradictions.
The ceasefire is a fiction and everyone involved knows it.
This reporter never asks the follow-up question.
The editor owes readers a correction and an apology.
The opposition leader has no plan beyond slogans.
Hypocrisy from the senators who voted for the war and now complain about the cost.
The judges got this ruling badly wrong.
The police handled the protest disgracefully and the chief should answer for it.
Honestly, the analysis here is shallow.
The article reads like it was written by the ministry's press office.
Stop pretending the sanctions are hurting the people who started this.
Our leaders sleepwalked into this war and should be held to account.
The author's maths on the refugee numbers is simply wrong.
Calling this a 'special operation' is an insult to everyone who has lost someone.
The columnist contradicts himself twice in one paragraph.
The council wasted millions on this and nobody has resigned.
This government lies about the death toll, and the press repeats it.
I expect better from this newspaper.
The defence secretary has been wrong at every turn and should go.
This piece is propaganda dressed up as analysis.
The editor's note doesn't answer any of the questions readers asked.
No, the minister did not 'misspeak'. He lied, and he should resign.
The photo caption is wrong; that picture is from two years ago.
Your correspondent seems to think repeating the army's claims counts as reporting.
I've voted for this party all my life, but their war policy is a disaster.
The commentary on the strike is lazy and badly sourced.
The president's adviser has no idea what he's talking about.
The paper should stop giving a platform to warmongers.
Frankly the generals have been incompetent from the first week.
The rebels' leadership is corrupt and everyone in the region knows it.
This is a disgraceful ruling and it should be appealed.
The author cherry-picks every statistic to fit a conclusion she reached before writing.
""")

# ----------------------------------------------------------------------------------------------
# 4. Negation and counter-speech about groups (all 0).
# {g} a group (plural), {a} an adjective for people, {ca} a cultural adjective.
# ----------------------------------------------------------------------------------------------

NEGATION = _lines("""
I don't hate {g}.
I have nothing against {g}.
Saying {g} are vermin is vile.
Violence against {g} is never justified.
{G} are not the enemy.
It's wrong to blame {g} for what a few criminals did.
I used to think badly of {g} until I actually met some. I was wrong.
Calling {g} animals says more about you than about them.
Not all {g} are the same, and neither are the rest of us.
Whoever smashed the windows of the {ca} family's shop should be ashamed.
The comments blaming {g} for the bombing are hateful and false.
I'm sick of people in this section talking about {g} like they're less than human.
{G} are people, not a problem to be solved.
Nobody should be threatened because they are {a}.
Hating {g} won't bring back anyone who died in this war.
My dad said terrible things about {g} and I'm ashamed of it.
The article quotes a man who called {g} a disease. That's disgusting and he should be challenged.
The politician claimed {g} are criminals by nature, which is a lie.
Stop pretending {g} are dangerous. The numbers say otherwise.
Attacks on {g} have gone up since the war started, and that should worry everyone.
If you think {g} should be deported just for existing, you need to look in the mirror.
Please don't use this tragedy to stir up hatred against {g}.
I reported the comment that said {g} should be shot. It's still up.
Being {a} is not a crime.
There is nothing wrong with {g}.
{G} deserve the same safety as everyone else.
Don't blame {g}; blame the men who gave the orders.
The slur shouted at {g} in that video is unacceptable.
People who say {g} are subhuman are repeating the propaganda that led to genocide.
I'm not saying {g} are perfect, nobody is, but they're not villains.
It's not 'just a joke' when you call {g} rats.
The leaflets claiming {g} are taking over are racist nonsense.
No, {g} did not start this war.
Hate speech against {g} should be removed from this site.
I disagree completely with the commenter who said {g} should leave. They belong here.
My grandparents hid {ca} neighbours during the war. Hatred was wrong then and it's wrong now.
Fear of {g} is something you're taught, and it can be unlearned.
The rally speaker said {g} were a cancer, and the crowd booed him. Good.
Let's be clear: {g} are not responsible for the government's actions.
You can criticise a government without hating {g}.
Harassing {a} students at the university is cowardly.
The graffiti telling {g} to get out has been painted over by the neighbours.
It's shameful that {ca} families have to hide from mobs in this day and age.
I don't think {g} are a threat at all.
Nobody here hates {g}. We hate the violence.
Saying {g} don't belong in this country is just wrong.
I won't stand by while people call {g} names.
{G} are not vermin. They are our neighbours.
Accusing all {g} of the attack is exactly what the attackers wanted.
This comment section is full of hate for {g} and the moderators should act.
Why is it so hard for some people to accept that {g} are just people?
The idea that {g} are inferior was debunked a century ago.
The man who shouted abuse at the {a} bus driver has been fined, and rightly so.
It's not okay to tell {a} kids to go back where they came from.
Every time something happens, someone blames {g}. It's lazy and cruel.
Condemning the attack on the {ca} community centre shouldn't be controversial.
I don't agree with those who say {g} can't be trusted.
No one should have to hide that they are {a}.
Threatening {g} is a crime, and the people doing it should be prosecuted.
If you hate {g}, you don't know any.
The poster who wrote that {g} should be burned needs to be banned and reported to the police.
{G} are not a threat to anyone.
I'm tired of seeing {g} blamed for everything from crime to the weather.
No, {g} are not 'invading'. That word is a lie.
The claim that {g} are all thieves is the kind of thing bigots say.
There is no excuse for attacking {g}.
I don't fear {g}. I fear the people who want me to.
{G} don't deserve the abuse they get in these comments.
We should be ashamed that {a} people are afraid to walk home in this city.
The so-called joke about {g} in the column was not funny, it was dehumanising.
I can't believe anyone still thinks {g} are less intelligent. They aren't.
Dehumanising {g} is the first step toward hurting them. Don't take it.
Let's stop talking about {g} as if they were a disease.
Condemn the attack on {g} without adding a 'but'.
None of the hate in this thread is justified; {g} have done nothing to deserve it.
My friend is {a} and the abuse she gets online is horrifying.
When a politician calls {g} parasites, everyone should say no, loudly.
""")
NEGATION_BARE = _lines("""
No one deserves to be attacked for their religion.
No one deserves to be hurt for who they love.
Hate is not an opinion, it's a choice, and you can make a better one.
Dehumanising language is how every massacre starts.
People are not vermin. Ever.
Violence against civilians is never justified, whatever their religion or nationality.
Blaming a whole people for a government's crimes is wrong.
I don't care what colour or faith someone is; I care how they treat others.
Refugees are not invaders, they are people running from bombs.
Calling immigrants parasites is hateful and untrue.
Disabled people are not a burden.
Nobody should be beaten for being queer.
The commenter who wrote that women are property should be banned.
Old people are not useless, and the joke wasn't funny.
The claim that Jews control the media is an old and dangerous lie.
Roma families are not criminals, and the mayor should apologise for saying so.
Autistic people are not broken.
Kurds are not terrorists, and lumping them all together is wrong.
It is never acceptable to threaten someone because of their faith.
No race is superior to another.
A person's nationality tells you nothing about whether they are good or bad.
I was raised to fear people who looked different. I grew out of it.
Hateful comments about refugees don't make anyone safer.
Nobody chooses where they are born.
The hatred in this comment section is embarrassing. These are human beings.
Every group has good and bad people, because every group is made of people.
Threats against anyone because of their religion belong in a police report, not a comment box.
Saying a whole ethnic group should leave the country is bigotry, plain and simple.
""")

# ----------------------------------------------------------------------------------------------
# 5. Neutral and warm statements about many groups (all 0).
# ----------------------------------------------------------------------------------------------

NEUTRAL = _lines("""
My neighbour is {an_a} {person} and {pron} runs the bakery on the corner.
{G} have lived in this valley for centuries.
The festival celebrates the history of {g} in our city.
Many {g} served as medics during the war.
A group of {g} organised the food drive this weekend.
The report looks at how {g} are treated in hospitals.
I grew up with {g} in my building and we still keep in touch.
The museum has a new exhibit on {ca} weaving.
The mayor met {ca} community leaders about the new clinic.
The survey asked {g} about housing costs.
The article quotes several {g} who live near the front line.
{An_A} {person} won the regional chess championship.
There are about {n},000 {g} in the region, according to the census.
The {ca} choir is performing at the town hall on Friday.
My colleague is {a} and she's the best engineer on the team.
Our school has {a} students and the teachers say it's a great mix.
The new film follows {an_ca} family during the siege.
The talk will cover {ca} history, language and food.
She's writing her thesis on {ca} migration in the 1800s.
The {ca} restaurant on the high street does the best lunch deal in town.
Lots of {g} came to the vigil for the victims.
The charity helps {g} find work and housing.
My best friend at school was {a}.
We hired {an_a} architect to design the new library.
{G} make up about a tenth of the local workforce.
The bus was full of {g} heading to the football match.
He married {an_a} woman he met at university.
The podcast interviews {g} about everyday life.
The evacuation buses took {g} and everyone else out of {c} together.
Many {g} in the region are farmers.
The council translated the flood warnings for {ca} residents.
Among the volunteers at the shelter were {g}, students and retired teachers.
I learned to cook from {an_a} neighbour who lived downstairs.
The poll shows {g} are split on the new tax like everyone else.
The documentary is narrated by {an_a} journalist who grew up in {c}.
Is there {an_ca} community group in the area? I just moved here.
The book club is reading a novel by {an_a} author this month.
{CA} families have been part of this neighbourhood since the 1950s.
A lot of {g} live in the flats by the river.
There were {g} on both sides of the debate.
I met {an_a} couple on the train who had just adopted a baby.
The teacher asked the {ca} students to share a song from home.
The clinic has {an_a} doctor on Tuesdays.
{G} were among the first to donate blood after the attack.
The exhibition features photographs of {ca} fishermen.
My dentist is {a}.
We had {an_a} exchange student stay with us last year.
{G} and their neighbours rebuilt the bridge together.
Are there any {a} readers here who can say how this looks from their side?
The panel included {an_a} historian, a soldier and a nurse.
The census counts {g} separately for the first time.
There's {an_ca} bakery by the station that opens at six.
Many {g} in the city speak three languages.
My grandfather was {a} and told stories about his village.
The radio show invited {g} to talk about the housing crisis.
He's {a}, he's a plumber, and he supports the local team.
{G} are represented on the new city council.
I asked {an_a} friend what she thought of the article.
The article says {g} in {c} are struggling to get medicine.
The study compares how {g} and other residents use public transport.
{G} are a large part of the congregation at the cathedral on Sundays.
My son's football coach is {a}.
The new minister for health is {a}.
Two {a} volunteers drove the ambulance out of {c} under fire.
The shelter houses {g}, pensioners and families with small children.
The {ca} New Year parade goes past our house every year.
The report found that {g} wait longer for hospital appointments.
I'd like to read more about how {g} experience the war.
The town's first mayor was {a}.
The local paper profiled {an_a} {person} who has fostered twenty children.
{G} in the north of the country mostly work in farming and fishing.
A new bus route links the {ca} neighbourhood to the hospital.
Our landlord is {a} and fixes things the same day.
The exchange programme brings {a} students here every summer.
{An_A} {person} from our street is running in the marathon for charity.
The interview with the {ca} poet is the best part of this issue.
The city is home to {g}, students and a lot of retired sailors.
I sat next to {an_a} {person} on the train and we talked for hours about football.
A delegation of {g} met the minister to discuss the new law.
The hospital hired {n} {a} nurses this year.
The article is about {g}, but it would be good to hear from them directly.
The research team includes {a} scientists from three countries.
My wife is {a} and we have two kids.
Is it true that most {g} here arrived after the war in the 1990s?
Our street has {g}, {g2} and everyone in between.
{G} and {g2} play together in the town orchestra.
""")
NEUTRAL_PROF = _lines("""
My mum is one of the {prof} who worked through the whole siege.
The {prof} are on strike on Thursday.
A lot of {prof} in this town are also reservists.
The {prof} in {c} have not been paid for three months.
Our street has two {prof}, a baker and a retired judge.
The union for {prof} says the new rota is unworkable.
Several {prof} were honoured at the ceremony yesterday.
The survey of {prof} found most of them work overtime.
Thank you to the {prof} who kept going during the blackouts.
My brother and his wife are both {prof}.
The article interviews {prof} about the cost of living.
{PROF} from three towns met to plan the relief effort.
""")
AFFIRMING = _lines("""
{G} are beautiful.
I love being {an_a} person.
I'm {a} and proud of it.
My {a} friends threw me the best birthday party.
Being {a} is just one part of who I am.
I'm {a}, and I love living in this city.
There is nothing wrong with being {a}.
{G} have made this country better in countless ways.
Some of the kindest people I know are {g}.
So many {g} at the vigil tonight. Solidarity.
My daughter is {a} and I am so proud of her.
I have been happily married to my {a} partner for ten years.
{G} are welcome here. Always.
Thank you to the {a} volunteers who cooked for the whole shelter.
{CA} food is the best thing about this neighbourhood.
So grateful for my {a} neighbours who checked on us during the shelling.
Proud to be {a}.
Our town is better because {g} live here.
The {a} doctors at the field hospital saved my brother's life.
Love to all the {g} reading this.
As {an_a} woman, I found this article really moving.
As {an_a} man, I've never felt more at home than in this town.
{G} are brilliant, funny and generous, at least the ones I know!
I'm so lucky to have grown up among {g}.
My grandmother was {a}, and she was the strongest person I knew.
{CA} artists are doing some of the most exciting work right now.
Shout out to the {a} nurses on the night shift.
Everyone is welcome at our table, {a} or not.
The {ca} community here raised thousands for the victims.
{G} deserve love and respect, like all of us.
I'm {a} and I've never been happier.
Being {a} taught me to see the world differently, and I'm grateful.
Being {a} is wonderful.
{A} kids deserve to see themselves in the books they read.
The best teacher I ever had was {a}.
What a joy to see {ca} families at the summer fair.
Respect to {g} everywhere.
Honestly, {g} are some of the warmest people you'll ever meet.
My {a} colleagues are the reason I love my job.
I'm {an_a} {person} and this city has always made me feel at home.
{CA} music at the wedding was unforgettable.
My husband is {a} and he is the love of my life.
{G} bring so much to this community.
Happy to be {a}, happy to be here.
The {ca} grandmothers on our street run the best soup kitchen in town.
I adore my {a} in-laws.
{G} are strong, and they've proved it again this year.
I'm {a} and this comment section has been kind to me. Thank you.
The {ca} dancers were the highlight of the festival!
It's a privilege to have {g} as neighbours.
Growing up {a} in a small town wasn't always easy, but I love who I became.
To every {a} teenager reading this: you matter.
Our little league team has {a} kids, and they're the heart of it.
My {a} best friend is the funniest person alive.
{G} are family here.
""")
AFFIRMING_SEXUALITY = _lines("""
He came out as {sx} to his parents last year and they were very supportive.
The {sx} community centre runs a free legal clinic on Tuesdays.
My son is {sx} and we love him exactly as he is.
Being {sx} is completely normal and healthy.
I came out as {sx} at forty and I've never felt freer.
Our {sx} neighbours hosted the street party this year.
My aunt is {sx} and has been with her partner for thirty years.
The {sx} choir sang at the memorial for the soldiers.
The school's {sx} support group meets on Wednesdays.
Happy pride to all my {sx} friends!
My sister told us she's {sx}, and honestly, we just hugged her.
The {sx} couple down the road adopted twins last spring.
""")

# ----------------------------------------------------------------------------------------------
# 6. Plain identity attacks and dehumanisation (toxicity, identity_attack, insult = 1).
# ----------------------------------------------------------------------------------------------

ATTACKS = _lines("""
{G} are filthy animals.
I can't stand {g}, they disgust me.
{G} are a plague on this country.
{G} are all criminals and liars.
Honestly, {g} are subhuman.
{G} ruin every neighbourhood they move into.
{G} are too stupid to vote.
Typical {g}, lying and stealing.
{G} should go back where they came from.
{G} are vermin, nothing more.
I despise {g}.
{G} are a disease.
Never trust {g}, they are all snakes.
{G} are parasites living off our taxes.
{G} are the lowest form of life.
Every one of {g} I've met was a thief.
{G} breed like rats.
{G} don't belong in civilised society.
{G} are inferior, and everyone knows it.
I'd rather die than live next to {g}.
{G} are a cancer on this city.
{G} are dirty and they smell.
{G} are born liars.
You can't reason with {g}, they're basically animals.
{G} are ruining this country and should all be thrown out.
{G} have no place here.
{G} are a bunch of savages.
{G} are worthless, every single one.
Keep {g} out of our schools, they're filth.
{G} are sick in the head and shouldn't be allowed near children.
{G} are freaks.
I'm sick of {g} polluting our streets.
{G} are an invasive species.
{G} shouldn't be allowed to have children.
{G} are a stain on humanity.
{G} are lazy, all of them.
{G} are thieves by nature.
Never hire {g}, they're useless.
{G} aren't real people.
Ugh, {g} everywhere. Disgusting.
{G} are why this town went downhill.
The only thing {g} are good at is causing trouble.
{G} are cockroaches.
{G} are a burden and a waste of space.
{G} are too dumb to understand anything.
Don't let {g} fool you, they're all rotten.
{G} are a curse on this land.
{G} are backward savages who contribute nothing.
I wouldn't let {g} clean my toilets.
{G} are genetically inferior.
No decent person wants {g} as neighbours.
{G} are scum.
{G} are a disgrace to the human race.
Deport every last one of {g}, they're trash.
{G} are vile creatures.
The trouble with {g} is that they're all the same: dishonest.
{G} infest every city they reach.
Stop pretending {g} are human beings like us.
Another day, another crime by {g}. What did you expect from that lot?
{G} are leeches.
Of course it's {g} again. It's always {g}.
{G} are a mistake of nature.
If you let {g} in, you deserve what you get. They're animals.
{G} are pigs, the lot of them.
{G} are not welcome here, they're dirt.
I can smell {g} from across the street.
{G} are mentally defective.
{G} are a fifth column and can't be trusted with anything.
{G} should be banned from public life.
{G} don't have souls.
Having {g} in charge of anything is a joke, they're too stupid.
{G} are nothing but a drain on decent people.
""")
ATTACKS_ADJ = _lines("""
Never rent your flat to {an_ca} family, they wreck everything.
I refuse to be treated by {an_a} doctor, they're all frauds.
{An_A} neighbour is the worst thing that can happen to a street.
Don't trust anything {an_a} person tells you.
My daughter will never marry {an_a} man. They're filth.
""")

# ----------------------------------------------------------------------------------------------
# Rudeness: insults and toxicity without any threat, call to violence or group attack.
# Each frame: (text, obscene). insult = 1 where a person is insulted.
# ----------------------------------------------------------------------------------------------

RUDE = _lines("""
You moron.
This editor is an idiot.
Are you really this dense?
Only a clown would write this.
The author is a complete fool.
Shut up, nobody asked you.
You're an embarrassment to this comment section.
What an ignorant take, you absolute muppet.
Learn to read before you comment, genius.
This reporter is a useless hack.
You clearly have the brain of a goldfish.
Get lost, troll.
Pathetic little man.
The minister is a spineless weasel.
Idiots like you are why we can't have nice things.
Go back to school, you halfwit.
You're a liar and a coward.
This columnist is a clown.
You're too thick to understand the article.
Nobody cares about your dumb opinion.
Shut your mouth, you pompous twit.
The editor is a brainless puppet.
Are all of you this stupid or just the loud ones?
The mayor is a useless idiot.
You're a joke, mate.
Sit down, you clown.
Talking to you is like talking to a brick.
The author is a hack and a coward.
Grow a brain.
You ignorant fool.
This editor couldn't write a shopping list.
What a bunch of idiots running this paper.
Hey genius, maybe read past the headline.
The general is a senile old fool.
You utter imbecile, read the article.
Only a complete cretin would believe the ministry's numbers.
The commenter above is a paid shill and a moron.
Your brain must be the size of a pea.
""")
RUDE_OBSCENE = _lines("""
You absolute fucking idiot.
What a dumbass comment.
Piss off with your conspiracy theories, you clown.
The editor is a lying bastard.
Shut the fuck up, nobody wants your opinion.
This reporter is a complete dickhead.
Go away, you pathetic asshole.
You're full of shit and you know it.
""")


# ----------------------------------------------------------------------------------------------
# Filling, wrapping and roughening
# ----------------------------------------------------------------------------------------------

def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_article(word: str) -> str:
    lower = word.lower()
    vowel = lower[:1] in "aeiou" and not lower.startswith(("eu", "uy", "uni", "uk"))
    return ("an " if vowel or word in ("LGBT", "LGBTQ") else "a ") + word


class Filler:
    """Fills one frame's slots; records whether a protected group or group place was used."""

    def __init__(self, rng: random.Random, group_share: float = 0.4):
        self.rng = rng
        self.group_share = group_share

    def fill(self, frame: str) -> tuple[str, bool]:
        rng = self.rng
        bound: dict[str, str] = {}
        identity = False
        slots = set(re.findall(r"\{(\w+)\}", frame))
        if slots & {"x", "X"}:
            if rng.random() < self.group_share:
                bound["x"] = rng.choice(GROUPS)
                identity = True
            else:
                bound["x"] = rng.choice(TARGETS)
        if slots & {"t", "T"}:
            bound["t"] = rng.choice(TARGETS)
        if slots & {"g", "G", "g2"}:
            bound["g"] = rng.choice(GROUPS)
            bound["g2"] = rng.choice([g for g in GROUPS if g != bound["g"]])
        if slots & {"p", "P"}:
            if rng.random() < self.group_share:
                bound["p"] = rng.choice(GROUP_PLACES)
                identity = True
            else:
                bound["p"] = rng.choice(PLACES)
        if slots & {"one", "One", "obj", "poss"}:
            bound["one"], bound["obj"], bound["poss"] = rng.choice(ONE)
        if slots & {"a", "A", "an_a", "An_A"}:
            bound["a"] = rng.choice(PERSON_ADJ)
        if slots & {"ca", "CA", "an_ca"}:
            bound["ca"] = rng.choice(CULTURE_ADJ)
        if slots & {"person", "pron"}:
            bound["person"], bound["pron"], _ = rng.choice(PERSONS)
        if "prof" in slots or "PROF" in slots:
            bound["prof"] = rng.choice(PROFESSIONS)
        values = {
            "x": bound.get("x", ""), "X": _cap(bound.get("x", "")),
            "t": bound.get("t", ""), "T": _cap(bound.get("t", "")),
            "g": bound.get("g", ""), "G": _cap(bound.get("g", "")), "g2": bound.get("g2", ""),
            "p": bound.get("p", ""), "P": _cap(bound.get("p", "")),
            "one": bound.get("one", ""), "One": _cap(bound.get("one", "")),
            "obj": bound.get("obj", ""), "poss": bound.get("poss", ""),
            "a": bound.get("a", ""), "A": _cap(bound.get("a", "")),
            "an_a": _with_article(bound["a"]) if "a" in bound else "",
            "An_A": _cap(_with_article(bound["a"])) if "a" in bound else "",
            "ca": bound.get("ca", ""), "CA": _cap(bound.get("ca", "")),
            "an_ca": _with_article(bound["ca"]) if "ca" in bound else "",
            "person": bound.get("person", ""), "pron": bound.get("pron", ""),
            "prof": bound.get("prof", ""), "PROF": _cap(bound.get("prof", "")),
            "sx": rng.choice(SEXUALITY_ADJ) if "sx" in slots else "",
        }
        text = frame
        for _ in range(2):  # a slot value may itself hold {c}
            text = re.sub(r"\{(\w+)\}", lambda m: self._simple(m.group(1), values), text)
        return text, identity

    def _simple(self, name: str, values: dict[str, str]) -> str:
        rng = self.rng
        if name in values:
            return values[name]
        if name == "c":
            return rng.choice(TOWNS)
        if name == "F":
            return rng.choice(FORCES)
        if name == "n":
            return str(rng.randint(2, 90))
        if name == "name":
            return rng.choice(NAMES)
        if name == "handle":
            return rng.choice(HANDLES)
        if name == "street":
            return rng.choice(STREETS)
        raise KeyError(name)


_APOSTROPHES = re.compile(r"\b(I'm|don't|can't|won't|it's|you're|they're|I'll|isn't|doesn't|that's|we're|didn't)\b",
                          re.IGNORECASE)


def _typo(text: str, rng: random.Random) -> str:
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    start, end = rng.choice(words)
    word = text[start:end]
    i = rng.randint(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:
        word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif kind < 0.7:
        word = word[:i] + word[i + 1:]
    else:
        word = word[:i] + word[i] + word[i:]
    return text[:start] + word + text[end:]


def roughen(text: str, rng: random.Random) -> str:
    """Make a clean sentence look like a typed comment (sometimes)."""
    if rng.random() < 0.09:
        text = _APOSTROPHES.sub(lambda m: m.group().replace("'", ""), text)
    if rng.random() < 0.07:
        text = _typo(text, rng)
    if rng.random() < 0.04:
        text = re.sub(r"\byou\b", "u", text)
        text = re.sub(r"\byour\b", "ur", text)
    r = rng.random()
    if r < 0.12:
        text = text.rstrip(".")
    elif r < 0.17 and text.endswith("."):
        text = text[:-1] + rng.choice(["!", "!!", "...", "!!!", " ."])
    r = rng.random()
    if r < 0.09:
        text = text.lower()
    elif r < 0.11 and len(text) < 70:
        text = text.upper()
    return text


# Sentence openers written in lower case after "Hey Mark, " (names and "I" keep their capital).
_LOWER_AFTER_ADDRESS = set("""
you your you're you'd you'll keep the this nice one sleep watch say enjoy it there someday talk run hope post
funny don't delete go pray count last mark what are only shut get learn idiots grow sit talking nobody my our
that these honestly sure with frankly stop no calling both we let's every if vote boycott write sanction
prosecute freeze everyone cancel take donate strike impeach sign block expel flood organise put call strip
send hold arrest kick starve turn report demand name attack next tell why is a an all nothing pathetic who
where when how hypocrisy his her their reporters dear go
""".split())


def wrap(text: str, rng: random.Random, address: bool) -> str:
    """Sometimes put the sentence inside a longer comment (neutral sentences around it)."""
    sentences = len(re.findall(r"[.!?](?:\s|$)", text))
    long_already = sentences >= 2 or len(text) > 110
    if address and rng.random() < 0.3:
        prefix = rng.choice(ADDRESS).format(name=rng.choice(NAMES), handle=rng.choice(HANDLES))
        first = re.match(r"[A-Za-z']+", text)
        if prefix.endswith(", ") and first and first.group().lower() in _LOWER_AFTER_ADDRESS:
            text = text[:1].lower() + text[1:]
        text = prefix + text
    elif rng.random() < (0.12 if long_already else 0.3):
        pre = rng.choice(PRE)
        if rng.random() < 0.25:
            pre += " " + rng.choice([p for p in PRE if p != pre])
        text = pre + " " + text
    if rng.random() < (0.08 if long_already else 0.2):
        text = text + " " + rng.choice(POST)
    return text


def key(text: str) -> str:
    """The duplicate key: insensitive to case, accents, punctuation and repeated letters.

    Stricter than the corpus builder's normalize(), which would otherwise drop a seed row
    whose typo only doubled or tripled a letter of another row.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z0-9]+", " ", folded)).strip()


# ----------------------------------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------------------------------

def _labels(**on: float) -> dict[str, float]:
    return dict(ZERO, **on)


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.seen: set[str] = set()
        self.frames: Counter[str] = Counter()

    def rows(self, file: str, group: str, frames: list[str], per_frame: int, labeler, weight: float,
             address: bool = False, group_share: float = 0.4) -> list[dict]:
        """Up to `per_frame` distinct rows from each frame (fewer for frames without slots)."""
        filler = Filler(self.rng, group_share)
        out = []
        for index, frame in enumerate(frames):
            self.frames[file] += 1
            has_slots = "{" in frame
            want = per_frame if has_slots else max(2, per_frame // 3)
            made = 0
            for _ in range(want * 8):
                if made >= want:
                    break
                text, identity = filler.fill(frame)
                if made:  # the first row of each frame is the frame itself, unwrapped
                    text = roughen(wrap(text, self.rng, address), self.rng)
                k = key(text)
                if k in self.seen:
                    continue
                self.seen.add(k)
                made += 1
                out.append({"frame": f"{file}/{group}/{index:03d}", "labels": labeler(identity, frame),
                            "text": text, "weight": weight})
        return out


def _incite(identity: bool, frame: str) -> dict[str, float]:
    return _labels(toxicity=1.0, severe_toxicity=1.0, incitement=1.0, identity_attack=float(identity))


def _threat(identity: bool, frame: str) -> dict[str, float]:
    return _labels(toxicity=1.0, severe_toxicity=1.0, threat=1.0, identity_attack=float(identity))


def _clean(identity: bool, frame: str) -> dict[str, float]:
    return dict(ZERO)


def _attack(identity: bool, frame: str) -> dict[str, float]:
    return _labels(toxicity=1.0, identity_attack=1.0, insult=1.0)


def _rude(identity: bool, frame: str) -> dict[str, float]:
    obscene = 1.0 if frame in RUDE_OBSCENE else 0.0
    return _labels(toxicity=1.0, insult=1.0, obscene=obscene)


def build() -> tuple[dict[str, list[dict]], Counter[str]]:
    b = Builder()
    files: dict[str, list[dict]] = {}
    # Weights: incitement 1.0; threats at the reader or a named person 2.0, against groups and
    # places 1.5; same-domain hard negatives 1.5 (quoted threats 2.0); negation and
    # counter-speech 1.5; everything else 1.0.
    inc = []
    for group, frames, n in (("imperative", INCITE_IMPERATIVE, 7), ("someone_should", INCITE_SOMEONE, 7),
                             ("conditional", INCITE_CONDITIONAL, 7), ("deserve", INCITE_DESERVE, 7),
                             ("sacred_duty", INCITE_SACRED, 7), ("endorsement", INCITE_ENDORSE, 7),
                             ("veiled", INCITE_VEILED, 8), ("long_comment", INCITE_LONG, 7),
                             ("places", INCITE_PLACES, 6), ("one_person", INCITE_ONE, 6),
                             ("bare", INCITE_BARE, 10)):
        inc += b.rows("incitement", group, frames, n, _incite, 1.0)
    files["incitement"] = inc
    thr = []
    thr += b.rows("threats", "you", THREAT_YOU, 15, _threat, 2.0, address=True)
    thr += b.rows("threats", "one_person", THREAT_ONE, 9, _threat, 2.0)
    thr += b.rows("threats", "roles", THREAT_ROLES, 12, _threat, 2.0)
    thr += b.rows("threats", "groups", THREAT_GROUP, 10, _threat, 1.5)
    thr += b.rows("threats", "places", THREAT_PLACES, 10, _threat, 1.5)
    files["threats"] = thr
    neg = []
    for group, frames, n, weight, address in (
            ("reports", NEG_REPORTS, 9, 1.5, False), ("history", NEG_HISTORY, 15, 1.5, False),
            ("tactics", NEG_TACTICS, 8, 1.5, False), ("condemnation", NEG_CONDEMN, 8, 1.5, False),
            ("peaceful_action", NEG_PEACEFUL, 8, 1.5, True), ("quoted_threats", NEG_QUOTES, 15, 2.0, False),
            ("idioms", NEG_IDIOMS, 15, 1.5, False), ("fiction_games", NEG_FICTION, 15, 1.5, False),
            ("sport", NEG_SPORT, 15, 1.5, False), ("military_debate", NEG_MILITARY, 8, 1.5, False),
            ("civil_criticism", NEG_CRITICISM, 15, 1.5, True)):
        neg += b.rows("war_news_hard_negatives", group, frames, n, _clean, weight, address=address)
    files["war_news_hard_negatives"] = neg
    files["negation_counter_speech"] = (
        b.rows("negation_counter_speech", "groups", NEGATION, 11, _clean, 1.5)
        + b.rows("negation_counter_speech", "general", NEGATION_BARE, 15, _clean, 1.5))
    files["identity_neutral"] = (b.rows("identity_neutral", "groups", NEUTRAL, 11, _clean, 1.0)
                                 + b.rows("identity_neutral", "professions", NEUTRAL_PROF, 8, _clean, 1.0))
    files["identity_affirming"] = (b.rows("identity_affirming", "groups", AFFIRMING, 15, _clean, 1.0)
                                   + b.rows("identity_affirming", "sexuality", AFFIRMING_SEXUALITY, 10, _clean, 1.0))
    files["identity_attacks"] = (b.rows("identity_attacks", "groups", ATTACKS, 9, _attack, 1.0)
                                 + b.rows("identity_attacks", "adjective", ATTACKS_ADJ, 9, _attack, 1.0))
    files["rudeness"] = (b.rows("rudeness", "plain", RUDE, 12, _rude, 1.0, address=True)
                         + b.rows("rudeness", "obscene", RUDE_OBSCENE, 12, _rude, 1.0, address=True))
    return files, b.frames


def check(files: dict[str, list[dict]]) -> None:
    """Refuse held-out identity words, duplicate texts, and malformed labels."""
    seen: dict[str, str] = {}
    problems = []
    for name, rows in files.items():
        for row in rows:
            text = row["text"]
            hit = HELD_OUT.search(text)
            if hit:
                problems.append(f"{name}: held-out word {hit.group()!r} in {text!r}")
            k = key(text)
            if k in seen:
                problems.append(f"{name}: duplicate of a row in {seen[k]}: {text!r}")
            seen[k] = name
            if set(row["labels"]) != set(LABELS) or any(v not in (0.0, 1.0) for v in row["labels"].values()):
                problems.append(f"{name}: bad labels in {text!r}")
            if "{" in text or "}" in text:
                problems.append(f"{name}: unfilled slot in {text!r}")
    if problems:
        sys.exit("refusing to write:\n" + "\n".join(problems[:50]))


def main() -> None:
    """Regenerate the JSON-lines files beside this script (and remove stale ones)."""
    files, frames = build()
    check(files)
    for stale in sorted(OUT.glob("*.jsonl")):
        if stale.stem not in files:
            stale.unlink()
    for name, rows in files.items():
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8", newline="\n") as handle:
            for row in rows:
                handle.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} rows from {frames[name]} frames")
    print(f"total: {sum(len(rows) for rows in files.values())} rows")


if __name__ == "__main__":
    main()
