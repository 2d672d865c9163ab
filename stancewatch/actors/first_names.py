"""Common given names whose gender is near-certain in English-language news (US, UK, Europe).

Why: "she said" must not go to a man, and spaCy's small model often tags "Sophie Adair" as an
organisation. The article's own evidence (Mr/Ms, spokeswoman, a pronoun after the name) comes first;
a given name from these lists is the fallback. Names that are common for both genders (Jordan,
Taylor, Jamie, Alex, Robin, Kim …) are deliberately absent: no evidence is better than a wrong guess.
"""

from __future__ import annotations

MALE = frozenset(
    """
aaron adam adrian ahmed alan albert aleksander alexander alexei alfred ali alistair andre andreas andrew andrzej
angus anthony antonio antony arnold arthur barack barry ben benjamin bernard bernie bill billy bob boris brad
bradley brandon brendan brett brian bruce bruno bryan calvin carl carlos cedric charles charlie christian
christopher chuck clarence claude clement cody colin conor craig curtis cyril dale damian dan daniel danny darren
dave david dean dennis derek desmond dick dmitry dominic don donald doug douglas duncan dwight earl ed eddie edgar
edward edwin elijah elliot emmanuel enrique eric erik ernest ethan eugene evan felix fernando francis francisco
frank franz fred frederick friedrich gabriel garrett gary gavin geoffrey george gerald gerhard giorgio giuseppe
glenn gordon graham grant greg gregory guy hamish hank hans harold harry harvey hector henry herbert howard hugh
hugo ian igor isaac ivan jack jacob jake james jared jason javier jean-claude jean-luc jean-pierre jeff jeffrey jens
jeremy jerome jerry jesse jim jimmy joachim joe joel john johnny jon jonathan jorge jose joseph josh joshua juan
julian justin karl keir keith ken kenneth kevin kurt kyle lamar larry lawrence leonard leroy lewis liam lloyd louis
luca lucas luigi luis luke malcolm marco marcus mario mark martin matt matteo matthew maurice max michael miguel
mike mikhail miles mitch mitchell mitt mohammed muhammad nathan neil nicholas nick nigel noah norman oleg oliver
olaf omar oscar owen pablo patrick paul pedro peter phil philip pierre rafael ralph ramon randall randy raphael ray
raymond reggie reginald rex richard rick rishi rob robert roberto rodney roger roland ron ronald ross roy rudy
rupert russell ryan samuel scott sean sebastian sergei sergey seth shane simon stanley stefan stephen steve steven
stuart ted terry theo theodore thomas tim timothy todd tom tommy tony travis trevor troy tyler ulf victor viktor
vince vincent vladimir volodymyr wade walter warren wayne wes wesley william willie wolfgang xavier yuri zach
zachary
""".split()
)

FEMALE = frozenset(
    """
abigail ada adriana agnes aileen alexandra alice alicia alison amanda amber amelia amira amy ana anastasia angela
angelina anita ann anna annalena anne annette annie antonia april audrey barbara beatrice becky belinda bernadette
beth betsy betty beverly bonnie brenda bridget brittany camila candace carla carmen carol caroline carolyn catherine
cathy cecilia charlotte cheryl chloe christina christine cindy claire clara claudia colleen connie cora courtney
cynthia daisy danielle daphne darlene dawn debbie deborah debra denise diana diane dolores donna doris dorothy edith
eileen elaine eleanor elena elisabeth elise eliza elizabeth ella ellen elsa emily emma erica erin esperanza esther
eva eve evelyn fatima fiona florence frances francesca gabriela gail georgia geraldine gillian gina giorgia gladys
gloria grace gretchen gwen hannah harriet hazel heather heidi helen helena hilary hillary holly ingrid irene iris
isabel isabella jacqueline jane janet janice jasmine jeanne jennifer jenny jessica jill joan joanna joanne jocelyn
josephine joy joyce judith judy julia julie june justine kaja kamala karen karin kate katherine kathleen kathryn
kathy katie katrin kay kayla kelly kelsey kemi kimberly kirsten kristen kristin kristina laura lauren leah lena
lesley lillian linda lisa liz lois lorna lorraine louise lucia lucy lydia lynn madeleine maggie mairead marcia
margaret margarita margherita margot maria marian marie marina marion marjorie marsha martha mary maureen maxine
megan melanie melissa meredith mia michaela michele michelle mildred miriam molly monica morag nadia nancy naomi
natalia natalie natasha nicola nicole nikki nina nora norma olga olivia paige pamela patricia paula pauline peggy
penelope penny phyllis pippa priya rachel rebecca regina renee rita roberta rosa rosalind rose rosemary ruth sabine
sally samantha sandra sara sarah sharon sheila shirley silvia simone sonia sonya sophia sophie stacey stella
stephanie susan susanne suzanne sylvia tamara tammy tanya teresa theresa tina tracey tracy ursula valerie vanessa
veronica vicky victoria virginia vivian wendy whitney yolanda ylva yvette yvonne zoe
""".split()
)


def gender_of_first_name(name: str) -> str | None:
    """ "m", "f" or None for a given name (case-insensitive); None when the lists do not know it."""
    key = name.lower().rstrip(".")
    if key in MALE:
        return "m"
    if key in FEMALE:
        return "f"
    return None
