"""Blueprints, one per area of the app, and the navigation they share."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

#: The main navigation, in order. Only endpoints that exist are shown.
NAVIGATION = (
    ("dashboard.index", "Dashboard"),
    ("workouts.index", "Workouts"),
    ("exercises.index", "Exercises"),
    ("breaks.index", "Breaks"),
    ("planner.index", "Planner"),
    ("transfer.upload", "Import"),
    ("articles.index", "Articles"),
    ("settings.index", "Settings"),
)


def register_blueprints(app: Flask) -> None:
    from tracker import api
    from tracker.views import (
        articles,
        auth,
        backtest,
        breaks,
        charts,
        dashboard,
        exercises,
        exports,
        health,
        planner,
        projections,
        routines,
        settings,
        sync,
        tokens,
        transfer,
        workouts,
    )

    for module in (
        health,
        articles,
        auth,
        dashboard,
        settings,
        breaks,
        transfer,
        exports,
        workouts,
        sync,
        routines,
        exercises,
        projections,
        planner,
        charts,
        backtest,
        tokens,
        api,
    ):
        app.register_blueprint(module.bp)
    app.context_processor(_navigation)


def _navigation() -> dict[str, Any]:
    endpoints = current_app.view_functions
    return {
        "nav_items": [(e, label) for e, label in NAVIGATION if e in endpoints],
        "nav_public": set(endpoints),
    }
