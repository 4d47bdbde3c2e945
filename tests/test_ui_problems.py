"""The Problems pane with more problems than it adds at once: all of them arrive, a chunk
a frame, and a newer list replaces one still being filled."""

from __future__ import annotations

from textual.app import App, ComposeResult

from pjtui.ui.problems import Problem, ProblemsList


def problems(count: int, word: str = "bad") -> list[Problem]:
    return [Problem("warning", f"{word} {i}", "/etc/asterisk/pjsip_wizard.conf", i + 1) for i in range(count)]


class ListApp(App):
    def compose(self) -> ComposeResult:
        yield ProblemsList(id="problems")


async def filled(pilot, plist: ProblemsList) -> None:
    for _ in range(100):
        if plist.filled:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"only {plist.option_count} of {len(plist.problems)} problems listed")


async def test_many_problems_arrive_a_chunk_at_a_time_and_all_of_them_are_listed():
    async with ListApp().run_test(size=(100, 20)) as pilot:
        plist = pilot.app.query_one(ProblemsList)
        many = problems(ProblemsList.CHUNK * 2 + 30)
        plist.show(many)
        assert plist.option_count == ProblemsList.CHUNK    # the first chunk at once
        await filled(pilot, plist)
        assert plist.option_count == len(many)
        assert str(plist.get_option_at_index(len(many) - 1).prompt).endswith(f"bad {len(many) - 1}")
        plist.highlighted = ProblemsList.CHUNK + 5          # beyond the first chunk
        fewer = problems(ProblemsList.CHUNK + 10, "worse")
        plist.show(fewer)
        await filled(pilot, plist)
        assert plist.highlighted == ProblemsList.CHUNK + 5  # kept where it was
        assert plist.option_count == len(fewer)


async def test_a_newer_list_replaces_one_still_being_filled():
    async with ListApp().run_test(size=(100, 20)) as pilot:
        plist = pilot.app.query_one(ProblemsList)
        plist.show(problems(ProblemsList.CHUNK * 3, "old"))
        plist.show(problems(3, "new"))
        await pilot.pause(0.1)                              # the old fill's next chunk would be due
        assert plist.option_count == 3
        assert all("new" in str(plist.get_option_at_index(i).prompt) for i in range(3))
        plist.show([])
        assert plist.option_count == 1 and "No problems" in str(plist.get_option_at_index(0).prompt)
