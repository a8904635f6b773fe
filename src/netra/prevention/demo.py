"""Demo data of prevention (order 60): Serang-like activities, letters, banners, cadres, budget."""


def load():
    return []
